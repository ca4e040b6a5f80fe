package ai.traceable.tme;

import ai.traceable.tme.config.TmeConfig;
import ai.traceable.tme.config.TmeSettings;
import ai.traceable.tme.engine.FailSafeEngine;
import ai.traceable.tme.engine.policy.PolicyEngine;
import ai.traceable.tme.engine.policy.RuleSet;
import ai.traceable.tme.engine.policy.RulesException;
import ai.traceable.tme.engine.policy.RulesLoader;
import com.typesafe.config.Config;
import java.util.concurrent.CompletionException;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/** Composition root: settings, rules, then {@link Tme}. Exits non-zero when it cannot serve. */
public final class Main {
  private static final Logger log = LoggerFactory.getLogger(Main.class);

  private Main() {}

  public static void main(String[] args) {
    Config config = TmeConfig.load();
    TmeSettings settings;
    RuleSet rules;
    try {
      settings = TmeSettings.fromConfig(config);
      rules =
          settings.engine().rulesFile().map(RulesLoader::load).orElseGet(RulesLoader::loadBundled);
    } catch (IllegalArgumentException | RulesException e) {
      log.error("tme cannot start: {}", e.getMessage());
      System.exit(2);
      return;
    }
    if (settings.blocking().fellBack()) {
      log.warn(
          "tme.blocking.status-code {} is outside 400-499; denials use {}",
          settings.blocking().configuredStatusCode(),
          settings.blocking().statusCode());
    }
    var engine =
        new FailSafeEngine(
            new PolicyEngine(rules, settings.engine().mode()), settings.engine().onError());
    try {
      Tme tme = Tme.start(config, settings, engine).toCompletableFuture().join();
      exitZeroOnSignals(tme);
      log.info(
          "tme serving ext_authz on {} (h2c), management on {}:{}; rules '{}' ({} entries from {}); mode {}; denials {} '{}'",
          tme.server().binding().localAddress(),
          settings.management().iface(),
          settings.management().port(),
          rules.version(),
          rules.size(),
          rules.source(),
          settings.engine().mode().name().toLowerCase(java.util.Locale.ROOT),
          settings.blocking().statusCode(),
          settings.blocking().message());
    } catch (CompletionException e) {
      log.error("tme cannot start: {}", e.getCause() == null ? e : e.getCause().getMessage());
      System.exit(1);
    }
  }

  /** SIGTERM/SIGINT run CoordinatedShutdown, which drains and exits 0 (not the JVM's 143). */
  private static void exitZeroOnSignals(Tme tme) {
    for (String name : new String[] {"TERM", "INT"}) {
      Signal.handle(
          new Signal(name),
          signal ->
              CoordinatedShutdown.get(tme.system()).runAll(CoordinatedShutdown.jvmExitReason()));
    }
  }
}
