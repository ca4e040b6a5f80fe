package ai.traceable.tme;

import ai.traceable.tme.config.TmeSettings;
import ai.traceable.tme.engine.Engine;
import ai.traceable.tme.management.ManagementServer;
import ai.traceable.tme.management.ServingState;
import ai.traceable.tme.server.ExtAuthzServer;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * A running tme: actor system, management server and ext_authz server, wired together. Used by
 * {@link Main} and by tests that run tme in-process.
 */
public final class Tme {
  private final ActorSystem<Void> system;
  private final ExtAuthzServer server;

  private Tme(ActorSystem<Void> system, ExtAuthzServer server) {
    this.system = system;
    this.server = server;
  }

  /** Sizes the engine dispatcher from the settings; Pekko reads dispatcher sizes from config. */
  public static Config withEngineParallelism(Config config, TmeSettings settings) {
    return ConfigFactory.empty()
        .withValue(
            ExtAuthzServer.ENGINE_DISPATCHER + ".thread-pool-executor.fixed-pool-size",
            ConfigValueFactory.fromAnyRef(settings.engine().parallelism()))
        .withFallback(config);
  }

  /**
   * Creates the actor system and starts management, then the gRPC server. Readiness turns true once
   * both are up; it turns false again as soon as shutdown begins.
   *
   * @return completes when serving; fails (after terminating the system) if a port cannot be bound
   */
  public static CompletionStage<Tme> start(Config config, TmeSettings settings, Engine engine) {
    ActorSystem<Void> system =
        ActorSystem.create(Behaviors.empty(), "tme", withEngineParallelism(config, settings));
    ServingState serving = ServingState.get(system);
    serving.markRulesLoaded();
    CoordinatedShutdown.get(system)
        .addTask(
            CoordinatedShutdown.PhaseBeforeServiceUnbind(),
            "tme-not-ready",
            () -> {
              serving.markStopping();
              return CompletableFuture.completedFuture(Done.getInstance());
            });
    return bindOrExplain(
            ManagementServer.start(system),
            "management",
            settings.management().iface(),
            settings.management().port())
        .thenCompose(
            uri ->
                bindOrExplain(
                    ExtAuthzServer.start(system, settings, () -> engine),
                    "gRPC",
                    settings.grpc().iface(),
                    settings.grpc().port()))
        .thenApply(
            server -> {
              serving.markGrpcBound();
              return new Tme(system, server);
            })
        .whenComplete(
            (tme, error) -> {
              if (error != null) {
                system.terminate();
              }
            });
  }

  /** Replaces a bind failure by one line naming the server, the address and the cause. */
  private static <T> CompletionStage<T> bindOrExplain(
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

  /** Runs CoordinatedShutdown (unbind, drain in-flight checks) and completes when terminated. */
  public CompletionStage<Done> stop() {
    return CoordinatedShutdown.get(system).runAll(CoordinatedShutdown.unknownReason());
  }
}
