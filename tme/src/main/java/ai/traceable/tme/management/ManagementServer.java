package ai.traceable.tme.management;

import ai.traceable.tme.config.ManagementSettings;
import ai.traceable.tme.metrics.TmeMetrics;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.apache.pekko.actor.BootstrapSetup;
import org.apache.pekko.actor.setup.ActorSystemSetup;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.apache.pekko.http.javadsl.server.Directives;
import org.apache.pekko.management.javadsl.LivenessCheckSetup;
import org.apache.pekko.management.javadsl.PekkoManagement;
import org.apache.pekko.management.javadsl.ReadinessCheckSetup;

/**
 * The management server: {@code /alive} and {@code /ready} (pekko-management's health routes) and
 * {@code /metrics}, for the actor system that serves checks.
 *
 * <p>It runs in a small actor system of its own, so that check traffic cannot starve the kubelet's
 * probes. Checks keep the serving system's dispatchers busy: the HTTP/2 streams and connection
 * actors run on its default dispatcher, evaluation on the engine dispatcher. pekko-management runs
 * its routes and health checks on the default dispatcher of the system it is given and has no
 * setting to change that, so in the serving system a probe would queue behind every check ahead of
 * it and, under load, time out (the kubelet's default is 1 s) and take the pod out of service. Here
 * it has its own dispatcher, scheduler and socket selector; only the CPU is shared. The system
 * stops when the serving system has terminated.
 */
public final class ManagementServer {
  /**
   * The management system's own settings on top of the serving system's: a dispatcher of at most
   * two threads that also does Pekko's internal work, HTTP/1.1 only (probes and scrapes), and no
   * shutdown hook of its own (it stops with the serving system).
   */
  private static final Config OWN_SETTINGS =
      ConfigFactory.parseString(
          """
          pekko.actor.default-dispatcher.fork-join-executor {
            parallelism-min = 1
            parallelism-max = 2
          }
          pekko.actor.internal-dispatcher = "pekko.actor.default-dispatcher"
          pekko.http.server.enable-http2 = off
          pekko.coordinated-shutdown.run-by-jvm-shutdown-hook = off
          """);

  private final ActorSystem<Void> system;
  private final ServerBinding binding;

  private ManagementServer(ActorSystem<Void> system, ServerBinding binding) {
    this.system = system;
    this.binding = binding;
  }

  /**
   * Starts the server for {@code served}.
   *
   * @return completes once bound, or fails with the bind error (the management system is then
   *     stopped again)
   */
  public static CompletionStage<ManagementServer> start(
      ActorSystem<?> served, ManagementSettings settings) {
    ServingState serving = ServingState.get(served);
    Supplier<CompletionStage<Boolean>> alive =
        () ->
            CompletableFuture.completedFuture(
                !served.getWhenTerminated().toCompletableFuture().isDone());
    ActorSystemSetup setup =
        ActorSystemSetup.create(
            BootstrapSetup.create(OWN_SETTINGS.withFallback(served.settings().config())),
            ReadinessCheckSetup.create(management -> List.of(new ServingCheck(serving))),
            LivenessCheckSetup.create(management -> List.of(alive)));
    ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "tme-management", setup);
    served.getWhenTerminated().thenRun(system::terminate);
    var routes =
        Directives.concat(
            PekkoManagement.get(system.classicSystem()).getRoutes(),
            MetricsRoutes.route(TmeMetrics.get(served)));
    return Http.get(system)
        .newServerAt(settings.iface(), settings.port())
        .bind(routes)
        .thenApply(binding -> new ManagementServer(system, binding))
        .whenComplete(
            (server, error) -> {
              if (error != null) {
                system.terminate();
              }
            });
  }

  /** The address the server listens on. */
  public InetSocketAddress address() {
    return binding.localAddress();
  }

  /** The management actor system (its own dispatchers; stops with the serving system). */
  public ActorSystem<Void> system() {
    return system;
  }
}
