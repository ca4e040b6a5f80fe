package ai.traceable.tme.cli;

import ai.traceable.tme.Main;
import ai.traceable.tme.Tme;
import ai.traceable.tme.config.SecLangSettings;
import ai.traceable.tme.config.TmeConfig;
import ai.traceable.tme.config.TmeSettings;
import ai.traceable.tme.engine.seclang.parse.SecLangSyntaxException;
import ai.traceable.tme.rules.RuleSet;
import ai.traceable.tme.rules.RulesException;
import ai.traceable.tme.rules.RulesLoader;
import ai.traceable.tme.seclang.SecLangRules;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * {@code java -jar tme.jar}: serves ext_authz until SIGTERM. Loads settings and rules, then starts
 * {@link Serving} (engine, rules watchers, {@link Tme}). Exit codes: 0 after a requested shutdown
 * (SIGTERM/SIGINT), 1 when a port cannot be bound, 2 for invalid configuration or rules (also when
 * capture's TLS files, valid when the settings were read, cannot be used once the system exists).
 * Runs once per process, from the main thread.
 */
public final class ServeCommand {
  // Logged under Main's name, as before the command had its own class: the start-up line's
  // logger is documented (docs/configuration.md) and log filters may select on it.
  private static final Logger log = LoggerFactory.getLogger(Main.class);
  private static final AtomicReference<Tme> running = new AtomicReference<>();

  private ServeCommand() {}

  /** What serving needs before the actor system exists, read and validated up front. */
  private record Loaded(Config config, TmeSettings settings, RuleSet rules, SecLangRules seclang) {}

  /** Starts tme; returns once it serves, or exits the JVM with 1 or 2 when it cannot. */
  public static void run() {
    exitZeroOnSignals();
    Loaded loaded;
    try {
      Config config = TmeConfig.load();
      TmeSettings settings = TmeSettings.fromConfig(config);
      RuleSet rules =
          settings.engine().rulesFile().map(RulesLoader::load).orElseGet(RulesLoader::loadBundled);
      SecLangSettings seclang = SecLangSettings.fromConfig(config);
      loaded =
          new Loaded(
              config,
              settings,
              rules,
              seclang.enabled() ? SecLangRules.load(seclang.rules(), seclang.profile()) : null);
    } catch (ConfigException
        | IllegalArgumentException
        | RulesException
        | SecLangSyntaxException e) {
      exit(2, e.getMessage());
      return;
    }
    TmeSettings settings = loaded.settings();
    if (settings.blocking().fellBack()) {
      log.warn(
          "tme.blocking.status-code {} is outside 400-499; denials use {}",
          settings.blocking().configuredStatusCode(),
          settings.blocking().statusCode());
    }
    start(loaded);
  }

  private static void start(Loaded loaded) {
    TmeSettings settings = loaded.settings();
    try {
      Serving serving = Serving.start(loaded.config(), settings, loaded.rules(), loaded.seclang());
      Tme tme = serving.tme();
      running.set(tme);
      tme.system()
          .getWhenTerminated()
          .thenRun(
              () -> {
                serving.close();
                System.exit(0);
              });
      log.info(StartupLine.of(tme, settings, loaded.rules()));
      if (loaded.seclang() != null) {
        log.info(StartupLine.seclang(loaded.seclang()));
      }
    } catch (CompletionException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      // Tme.start has terminated the actor system; a bind failure is 1, unusable settings 2
      exit(cause instanceof IllegalArgumentException ? 2 : 1, cause.getMessage());
    }
  }

  private static void exit(int code, String reason) {
    log.error("tme cannot start: {}", reason);
    System.exit(code);
  }

  /** SIGTERM/SIGINT run CoordinatedShutdown, after which the JVM exits 0 (not the JVM's 143). */
  private static void exitZeroOnSignals() {
    for (String name : new String[] {"TERM", "INT"}) {
      Signal.handle(
          new Signal(name),
          signal -> {
            Tme tme = running.get();
            if (tme == null) {
              System.exit(0);
            } else {
              CoordinatedShutdown.get(tme.system()).runAll(CoordinatedShutdown.jvmExitReason());
            }
          });
    }
  }
}
