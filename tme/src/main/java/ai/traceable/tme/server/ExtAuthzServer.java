package ai.traceable.tme.server;

import ai.traceable.tme.capture.Capture;
import ai.traceable.tme.capture.Redactor;
import ai.traceable.tme.config.TmeSettings;
import ai.traceable.tme.engine.Engine;
import ai.traceable.tme.metrics.CheckMetrics;
import ai.traceable.tme.metrics.TmeMetrics;
import io.envoyproxy.envoy.service.auth.v3.AuthorizationPowerApiHandlerFactory;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.LongSupplier;
import org.apache.pekko.Done;
import org.apache.pekko.actor.Cancellable;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.japi.function.Function;
import org.apache.pekko.stream.SystemMaterializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gRPC server: Envoy's {@code envoy.service.auth.v3.Authorization/Check} (ext_authz) and {@code
 * envoy.service.ext_proc.v3.ExternalProcessor/Process} (ext_proc) on one h2c port.
 *
 * <p>Binding registers with CoordinatedShutdown: on shutdown the port closes first, then in-flight
 * checks get {@code tme.grpc.shutdown-grace} to finish, then the connections close.
 */
public final class ExtAuthzServer {
  /** Dispatcher checks are evaluated on (configured in reference.conf). */
  public static final String ENGINE_DISPATCHER = "tme-engine-dispatcher";

  private static final Logger log = LoggerFactory.getLogger(ExtAuthzServer.class);
  private static final Duration DRAIN_POLL = Duration.ofMillis(20);
  private static final Duration CLOSE_DEADLINE = Duration.ofSeconds(1);

  private final ServerBinding binding;
  private final ConnectionRegistry registry;
  private final UnaryFastPath handler;

  private ExtAuthzServer(
      ServerBinding binding, ConnectionRegistry registry, UnaryFastPath handler) {
    this.binding = binding;
    this.registry = registry;
    this.handler = handler;
  }

  /**
   * Binds the gRPC port.
   *
   * @param engine evaluates every check (reloading, if at all, happens inside it)
   * @return completes when bound, or fails with the bind error (for example, port in use)
   */
  public static CompletionStage<ExtAuthzServer> start(
      ActorSystem<?> system, TmeSettings settings, Engine engine) {
    return start(system, settings, engine, Capture.OFF);
  }

  /**
   * Binds the gRPC port, handing every answered check to {@code capture}.
   *
   * @param engine evaluates every check (reloading, if at all, happens inside it)
   */
  public static CompletionStage<ExtAuthzServer> start(
      ActorSystem<?> system, TmeSettings settings, Engine engine, Capture captured) {
    Executor engineExecutor =
        system.dispatchers().lookup(DispatcherSelector.fromConfig(ENGINE_DISPATCHER));
    CheckResponses responses = new CheckResponses(settings.blocking());
    MeterRegistry meters = TmeMetrics.get(system).registry();
    DenialLog denials =
        new DenialLog(
            settings.denialLogPerSecond(),
            Redactor.of(settings.capture()),
            settings.engine().trustedHops());
    PartialChecks partialChecks =
        new PartialChecks(settings.check(), settings.engine().mode(), System::nanoTime);
    CheckEvaluator evaluator =
        new CheckEvaluator(
            engine,
            responses,
            captured,
            settings.management().checkMetrics() ? new CheckMetrics(meters) : null,
            denials,
            partialChecks);
    ConnectionRegistry registry =
        new ConnectionRegistry(
            system, settings.connection(), engineExecutor, evaluator, System::nanoTime);
    ConnectionMeters.bind(registry, meters);
    CheckMetrics checkMetrics = evaluator.metrics();
    ExtProcEvaluator extProc =
        new ExtProcEvaluator(
            engine,
            settings.extProc(),
            new ExtProcResponses(settings.blocking()),
            checkMetrics,
            denials,
            captured,
            partialChecks,
            settings.engine().onError());
    ExtProcMeters.bind(extProc, meters);
    // Check is served by the fast path; ext_proc's streams by their own handler; the generated
    // handler takes everything else, the Checks the fast path passes on among them.
    Function<HttpRequest, CompletionStage<HttpResponse>> authorization =
        AuthorizationPowerApiHandlerFactory.create(new CheckService(registry), system);
    ExtProcHandler extProcHandler =
        new ExtProcHandler(new ExtProcService(registry, extProc, engineExecutor), system);
    Function<HttpRequest, CompletionStage<HttpResponse>> generated =
        request ->
            ExtProcHandler.handles(request)
                ? extProcHandler.handle(request)
                : authorization.apply(request);
    UnaryFastPath handler =
        new UnaryFastPath(
            registry,
            generated,
            responses,
            settings.grpc().maxRequestBytes(),
            SystemMaterializer.get(system).materializer());
    return Http.get(system)
        .newServerAt(settings.grpc().iface(), settings.grpc().port())
        .bind(handler)
        .thenApply(
            binding -> {
              ExtAuthzServer server = new ExtAuthzServer(binding, registry, handler);
              server.drainOnShutdown(system, settings.grpc().shutdownGrace());
              return server;
            });
  }

  /**
   * On shutdown: close the port (no new connections), keep serving open connections until no check
   * is in flight or {@code grace} has passed, then close the connections. Pekko HTTP's own
   * terminate closes HTTP/2 connections without waiting for their open streams, so tme drains
   * first.
   */
  private void drainOnShutdown(ActorSystem<?> system, Duration grace) {
    CoordinatedShutdown shutdown = CoordinatedShutdown.get(system);
    shutdown.addTask(
        CoordinatedShutdown.PhaseServiceUnbind(), "tme-grpc-unbind", () -> binding.unbind());
    shutdown.addTask(
        CoordinatedShutdown.PhaseServiceRequestsDone(),
        "tme-grpc-drain",
        () ->
            awaitNoChecksInFlight(system, registry::checksInFlight, grace, DRAIN_POLL)
                .thenCompose(drained -> binding.terminate(CLOSE_DEADLINE))
                .thenApply(terminated -> Done.getInstance()));
  }

  /**
   * Completes with true as soon as a poll (every {@code poll}) finds {@code inFlight} at zero, or
   * with false once {@code grace} has passed. Time is the system scheduler's alone, so tests move
   * it with {@code ManualTime}.
   */
  static CompletionStage<Boolean> awaitNoChecksInFlight(
      ActorSystem<?> system, LongSupplier inFlight, Duration grace, Duration poll) {
    CompletableFuture<Boolean> drained = new CompletableFuture<>();
    Cancellable polling =
        system
            .scheduler()
            .scheduleAtFixedRate(
                Duration.ZERO,
                poll,
                () -> {
                  if (inFlight.getAsLong() == 0) {
                    drained.complete(true);
                  }
                },
                system.executionContext());
    Cancellable deadline =
        system
            .scheduler()
            .scheduleOnce(
                grace,
                () -> {
                  long left = inFlight.getAsLong();
                  if (left > 0 && drained.complete(false)) {
                    log.warn("shutdown grace {} over with {} checks in flight", grace, left);
                  } else {
                    drained.complete(true);
                  }
                },
                system.executionContext());
    return drained.whenComplete(
        (done, error) -> {
          polling.cancel();
          deadline.cancel();
        });
  }

  public ServerBinding binding() {
    return binding;
  }

  public ConnectionRegistry connections() {
    return registry;
  }

  /** Checks decoded by the unary fast path (no stream materialised) since start. */
  public long fastPathCalls() {
    return handler.fastPathCalls();
  }

  /** Checks whose body exceeded the strict-collection size and was collected from a stream. */
  public long collectedBodyCalls() {
    return handler.collectedCalls();
  }

  /** Requests served by Pekko gRPC's generated handler since start. */
  public long generatedHandlerCalls() {
    return handler.generatedCalls();
  }
}
