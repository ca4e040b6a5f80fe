package ai.traceable.tme;

import ai.traceable.tme.capture.Capture;
import ai.traceable.tme.capture.CaptureMeters;
import ai.traceable.tme.capture.CapturePipeline;
import ai.traceable.tme.capture.OtlpHttpExporter;
import ai.traceable.tme.capture.Redactor;
import ai.traceable.tme.capture.SpanEncoder;
import ai.traceable.tme.config.TmeSettings;
import ai.traceable.tme.engine.Engine;
import ai.traceable.tme.management.ManagementServer;
import ai.traceable.tme.management.ServingState;
import ai.traceable.tme.metrics.TmeMetrics;
import ai.traceable.tme.server.ExtAuthzServer;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.pattern.Patterns;

/**
 * A running tme: actor system, management server and ext_authz server, wired together. Used by
 * {@link ai.traceable.tme.cli.ServeCommand} and by tests that run tme in-process.
 *
 * <p>Shutdown (CoordinatedShutdown) turns readiness false, keeps serving for {@code
 * tme.grpc.unready-delay}, closes the port, drains in-flight checks for at most {@code
 * tme.grpc.shutdown-grace}, then closes the connections.
 */
public final class Tme {
  /** Margin on top of tme's own waits, so a phase timeout never cuts a wait short. */
  private static final Duration PHASE_MARGIN = Duration.ofSeconds(3);

  private final ActorSystem<Void> system;
  private final ExtAuthzServer server;
  private final CapturePipeline capture;

  private Tme(ActorSystem<Void> system, ExtAuthzServer server, CapturePipeline capture) {
    this.system = system;
    this.server = server;
    this.capture = capture;
  }

  /** The capture pipeline, or null when capture is off. */
  public CapturePipeline capture() {
    return capture;
  }

  /**
   * Settings Pekko reads from config that tme derives from its own: the engine dispatcher's size
   * and the timeouts of the shutdown phases tme waits in.
   */
  public static Config runtimeConfig(Config config, TmeSettings settings) {
    String phases = "pekko.coordinated-shutdown.phases.";
    Map<String, Object> derived =
        Map.of(
            ExtAuthzServer.ENGINE_DISPATCHER + ".thread-pool-executor.fixed-pool-size",
            settings.engine().parallelism(),
            phases + "before-service-unbind.timeout",
            millis(settings.grpc().unreadyDelay().plus(PHASE_MARGIN)),
            phases + "service-requests-done.timeout",
            millis(settings.grpc().shutdownGrace().plus(PHASE_MARGIN)),
            phases + "service-stop.timeout",
            millis(settings.capture().flushTimeout().plus(PHASE_MARGIN)));
    Config out = ConfigFactory.empty();
    for (Map.Entry<String, Object> e : derived.entrySet()) {
      out = out.withValue(e.getKey(), ConfigValueFactory.fromAnyRef(e.getValue()));
    }
    return out.withFallback(config);
  }

  private static String millis(Duration d) {
    return d.toMillis() + "ms";
  }

  /**
   * Creates the actor system and starts management, then the gRPC server. Readiness turns true once
   * both are up; it turns false again as soon as shutdown begins.
   *
   * @return completes when serving; fails (after terminating the system) if a port cannot be bound
   *     or, with an {@link IllegalArgumentException}, if capture cannot start
   */
  public static CompletionStage<Tme> start(Config config, TmeSettings settings, Engine engine) {
    ActorSystem<Void> system =
        ActorSystem.create(Behaviors.empty(), "tme", runtimeConfig(config, settings));
    return start(system, settings, engine);
  }

  /**
   * Starts tme in {@code system}, created from {@link #runtimeConfig}; terminates it on failure.
   */
  static CompletionStage<Tme> start(ActorSystem<Void> system, TmeSettings settings, Engine engine) {
    ServingState serving = ServingState.get(system);
    serving.markRulesLoaded();
    unreadyBeforeUnbind(system, serving, settings.grpc().unreadyDelay());
    CapturePipeline pipeline;
    try {
      pipeline = settings.capture().enabled() ? capture(system, settings) : null;
    } catch (IllegalArgumentException e) {
      // The settings checked the TLS files, but they can change (a Secret being rotated) before
      // the exporter reads them here; without this the system would be left running.
      system.terminate();
      return CompletableFuture.failedFuture(
          new IllegalArgumentException("tme.capture.tls: " + e.getMessage(), e));
    }
    Capture capture =
        pipeline == null
            ? Capture.OFF
            : Capture.of(
                pipeline,
                settings.capture().sampleRatio(),
                settings.capture().maxBodyBytes(),
                settings.capture().bodyContentTypes());
    var management = settings.management();
    var grpc = settings.grpc();
    return explainBindFailure(
            ManagementServer.start(system, management),
            "management",
            management.iface(),
            management.port())
        .thenCompose(
            managementServer ->
                explainBindFailure(
                    ExtAuthzServer.start(system, settings, engine, capture),
                    "gRPC",
                    grpc.iface(),
                    grpc.port()))
        .thenApply(
            server -> {
              serving.markGrpcBound();
              return new Tme(system, server, pipeline);
            })
        .whenComplete(
            (tme, error) -> {
              if (error != null) {
                system.terminate();
              }
            });
  }

  /** Turns readiness false as shutdown begins and keeps serving for {@code unreadyDelay}. */
  private static void unreadyBeforeUnbind(
      ActorSystem<?> system, ServingState serving, Duration unreadyDelay) {
    CoordinatedShutdown.get(system)
        .addTask(
            CoordinatedShutdown.PhaseBeforeServiceUnbind(),
            "tme-not-ready",
            () -> {
              serving.markStopping();
              return Patterns.after(
                  unreadyDelay,
                  system.classicSystem().scheduler(),
                  system.executionContext(),
                  () -> CompletableFuture.completedFuture(Done.getInstance()));
            });
  }

  /**
   * Starts the capture pipeline and flushes it on shutdown, after the gRPC server has drained (so
   * the last checks are captured too).
   */
  private static CapturePipeline capture(ActorSystem<?> system, TmeSettings settings) {
    var c = settings.capture();
    CapturePipeline pipeline =
        new CapturePipeline(
            system,
            c,
            new SpanEncoder(c.serviceName(), hostName(), Redactor.of(c)),
            new OtlpHttpExporter(system, c));
    CaptureMeters.bind(pipeline, TmeMetrics.get(system).registry());
    CoordinatedShutdown.get(system)
        .addTask(
            CoordinatedShutdown.PhaseServiceStop(),
            "tme-capture-flush",
            () ->
                pipeline
                    .flush(c.flushTimeout())
                    .thenCompose(done -> Http.get(system).shutdownAllConnectionPools())
                    .thenApply(unit -> Done.getInstance()));
    return pipeline;
  }

  private static String hostName() {
    String env = System.getenv("HOSTNAME");
    if (env != null && !env.isBlank()) {
      return env;
    }
    try {
      return java.net.InetAddress.getLocalHost().getHostName();
    } catch (java.io.IOException e) {
      return "unknown";
    }
  }

  /** Replaces a bind failure by one line naming the server, the address and the cause. */
  private static <T> CompletionStage<T> explainBindFailure(
      CompletionStage<T> binding, String server, String iface, int port) {
    return binding.handle(
        (value, error) -> {
          if (error == null) {
            return value;
          }
          Throwable root = error;
          while (root.getCause() != null) {
            root = root.getCause();
          }
          throw new CompletionException(
              new IllegalStateException(
                  "cannot bind the "
                      + server
                      + " port "
                      + iface
                      + ":"
                      + port
                      + ": "
                      + root.getMessage(),
                  error));
        });
  }

  public ActorSystem<Void> system() {
    return system;
  }

  public ExtAuthzServer server() {
    return server;
  }

  /** Runs CoordinatedShutdown (unready, unbind, drain in-flight checks) until terminated. */
  public CompletionStage<Done> stop() {
    return CoordinatedShutdown.get(system).runAll(CoordinatedShutdown.unknownReason());
  }
}
