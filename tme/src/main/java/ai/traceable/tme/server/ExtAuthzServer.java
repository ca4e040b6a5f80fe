package ai.traceable.tme.server;

import ai.traceable.tme.config.TmeSettings;
import ai.traceable.tme.engine.Engine;
import io.envoyproxy.envoy.service.auth.v3.AuthorizationPowerApiHandlerFactory;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBinding;

/**
 * The ext_authz gRPC server: Envoy's {@code envoy.service.auth.v3.Authorization/Check} over h2c.
 *
 * <p>Binding registers with CoordinatedShutdown: on shutdown the port closes first, then in-flight
 * checks get {@code tme.grpc.shutdown-grace} to finish.
 */
public final class ExtAuthzServer {
  /** Dispatcher checks are evaluated on (configured in reference.conf). */
  public static final String ENGINE_DISPATCHER = "tme-engine-dispatcher";

  private final ServerBinding binding;
  private final ConnectionRegistry registry;

  private ExtAuthzServer(ServerBinding binding, ConnectionRegistry registry) {
    this.binding = binding;
    this.registry = registry;
  }

  /**
   * Binds the gRPC port.
   *
   * @param engine the current engine, read once per check
   * @return completes when bound, or fails with the bind error (for example, port in use)
   */
  public static CompletionStage<ExtAuthzServer> start(
      ActorSystem<?> system, TmeSettings settings, Supplier<Engine> engine) {
    Executor engineExecutor =
        system.dispatchers().lookup(DispatcherSelector.fromConfig(ENGINE_DISPATCHER));
    CheckResponses responses = new CheckResponses(settings.blocking());
    CheckEvaluator evaluator = new CheckEvaluator(engine, responses);
    ConnectionRegistry registry =
        new ConnectionRegistry(system, settings.connection(), engineExecutor, evaluator);
    UnaryFastPath handler =
        new UnaryFastPath(
            registry,
            AuthorizationPowerApiHandlerFactory.create(new CheckService(registry), system),
            responses,
            settings.grpc().maxRequestBytes());
    return Http.get(system)
        .newServerAt(settings.grpc().iface(), settings.grpc().port())
        .bind(handler)
        .thenApply(
            binding -> {
              binding.addToCoordinatedShutdown(settings.grpc().shutdownGrace(), system);
              return new ExtAuthzServer(binding, registry);
            });
  }

  public ServerBinding binding() {
    return binding;
  }

  public ConnectionRegistry connections() {
    return registry;
  }
}
