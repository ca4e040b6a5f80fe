package ai.traceable.tme.cli;

import ai.traceable.tme.config.InjectorSettings;
import ai.traceable.tme.config.TmeConfig;
import ai.traceable.tme.injector.InjectorServer;
import ai.traceable.tme.injector.PodInjector;
import ai.traceable.tme.injector.SidecarTemplate;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import java.util.concurrent.CompletionException;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code java -jar tme.jar injector}: runs the sidecar injector webhook until SIGTERM. Exit codes
 * as for the service: 1 when the port cannot be bound, 2 for invalid configuration, template or TLS
 * files.
 */
public final class InjectorCommand {
  private static final Logger log = LoggerFactory.getLogger(InjectorCommand.class);

  private InjectorCommand() {}

  /** Starts the injector; returns 0 once it serves, otherwise the exit code. */
  public static int run(String[] args) {
    if (args.length > 0) {
      log.error(
          "tme injector takes no arguments; configure it with tme.injector.* (TME_INJECTOR_*)");
      return 2;
    }
    Config config;
    InjectorSettings settings;
    PodInjector injector;
    try {
      config = TmeConfig.load();
      settings = InjectorSettings.fromConfig(config);
      injector = new PodInjector(SidecarTemplate.load(settings.templateFile()));
    } catch (ConfigException | IllegalArgumentException e) {
      log.error("tme injector cannot start: {}", e.getMessage());
      return 2;
    }
    ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "tme-injector", config);
    try {
      InjectorServer.start(system, settings, injector).toCompletableFuture().join();
    } catch (IllegalArgumentException | CompletionException e) {
      Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
      log.error("tme injector cannot start: {}", cause.getMessage());
      system.terminate();
      return cause instanceof IllegalArgumentException ? 2 : 1;
    }
    log.info(
        "tme injector serving https://{}:{}/mutate with template {}",
        settings.iface(),
        settings.port(),
        settings.templateFile());
    return 0;
  }
}
