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
 * <p>Binding registers with CoordinatedShutdown: on shutdown the port closes first, then the open
 * connections are served until their clients go quiet (at most {@code tme.grpc.shutdown-grace}),
 * then each gets a GOAWAY and closes once the checks it carries are answered.
 */
public final class ExtAuthzServer {
  /** Dispatcher checks are evaluated on (configured in reference.conf). */
  public static final String ENGINE_DISPATCHER = "tme-engine-dispatcher";

  private static final Logger log = LoggerFactory.getLogger(ExtAuthzServer.class);
  private static final Duration DRAIN_POLL = Duration.ofMillis(20);
  private static final Duration CLOSE_DEADLINE = Duration.ofSeconds(1);

  /** No check for this long, and nothing in flight, means the clients have stopped calling. */
  private static final Duration QUIET = Duration.ofMillis(200);

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
   * On shutdown: close the port (no new connections), keep serving open connections until the
   * clients have gone quiet (nothing in flight and no check arriving for {@link #QUIET}) or {@code
   * grace} has passed, then terminate the connections: Pekko HTTP sends each an HTTP/2 GOAWAY,
   * answers the streams it has accepted and closes it once they are done.
   *
   * <p>Why wait for quiet rather than for the first moment nothing is in flight: under steady load
   * that moment comes within milliseconds while the client is still sending, and a connection
   * closed then meets checks already on the wire after the GOAWAY. They never reach tme, but the
   * client sees a broken connection for them (Envoy: an ext_authz error). Envoy stops calling when
   * its own drain ends, which {@code tme.grpc.unready-delay} plus the grace is sized to cover.
   */
  private void drainOnShutdown(ActorSystem<?> system, Duration grace) {
    CoordinatedShutdown shutdown = CoordinatedShutdown.get(system);
    shutdown.addTask(
        CoordinatedShutdown.PhaseServiceUnbind(), "tme-grpc-unbind", () -> binding.unbind());
    shutdown.addTask(
        CoordinatedShutdown.PhaseServiceRequestsDone(),
        "tme-grpc-drain",
        () ->
            awaitQuiet(
                    system,
                    registry::checksInFlight,
                    registry::checksArrived,
                    new DrainTiming(grace, DRAIN_POLL, QUIET))
                .thenCompose(drained -> binding.terminate(CLOSE_DEADLINE))
                .thenApply(terminated -> Done.getInstance()));
  }

  /**
   * How long to wait and how quiet is quiet.
   *
   * @param grace the longest wait
   * @param poll time between two looks
   * @param quiet how long no check may have arrived; zero: only nothing in flight counts
   */
  record DrainTiming(Duration grace, Duration poll, Duration quiet) {}

  /**
   * Completes with true as soon as a poll (every {@code poll}) finds {@code inFlight} at zero, or
   * with false once {@code grace} has passed. Time is the system scheduler's alone, so tests move
   * it with {@code ManualTime}.
   */
  static CompletionStage<Boolean> awaitNoChecksInFlight(
      ActorSystem<?> system, LongSupplier inFlight, Duration grace, Duration poll) {
    return awaitQuiet(system, inFlight, () -> 0, new DrainTiming(grace, poll, Duration.ZERO));
  }

  /**
   * Completes with true as soon as a poll finds {@code inFlight} at zero and {@code arrived}
   * unchanged for at least {@code timing.quiet()}, or once {@code timing.grace()} has passed: with
   * true if nothing is in flight by then, else false. Time is the system scheduler's alone, so
   * tests move it with {@code ManualTime}.
   */
  static CompletionStage<Boolean> awaitQuiet(
      ActorSystem<?> system, LongSupplier inFlight, LongSupplier arrived, DrainTiming timing) {
    CompletableFuture<Boolean> drained = new CompletableFuture<>();
    Quiet quiet = new Quiet(arrived, timing.quiet().toNanos() / timing.poll().toNanos());
    Duration grace = timing.grace();
    Cancellable polling =
        system
            .scheduler()
            .scheduleAtFixedRate(
                Duration.ZERO,
                timing.poll(),
                () -> {
                  if (quiet.poll() && inFlight.getAsLong() == 0) {
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
                  } else if (drained.complete(true)) {
                    log.info("shutdown grace {} over with checks still arriving", grace);
                  }
                },
                system.executionContext());
    return drained.whenComplete(
        (done, error) -> {
          polling.cancel();
          deadline.cancel();
        });
  }

  /** Counts the polls since {@code arrived} last moved. Polls may run on different threads. */
  private static final class Quiet {
    private final LongSupplier arrived;
    private final long pollsNeeded;
    private long last;
    private long calmPolls;

    Quiet(LongSupplier arrived, long pollsNeeded) {
      this.arrived = arrived;
      this.pollsNeeded = pollsNeeded;
      this.last = arrived.getAsLong();
    }

    /** Takes one look; true when nothing has arrived for the last {@code pollsNeeded} polls. */
    synchronized boolean poll() {
      long now = arrived.getAsLong();
      if (now != last) {
        last = now;
        calmPolls = 0;
        return pollsNeeded == 0;
      }
      return calmPolls++ >= pollsNeeded;
    }
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
