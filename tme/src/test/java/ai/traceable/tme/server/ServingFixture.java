package ai.traceable.tme.server;

import ai.traceable.tme.cli.Serving;
import ai.traceable.tme.config.SecLangSettings;
import ai.traceable.tme.config.TmeSettings;
import ai.traceable.tme.rules.RuleSet;
import ai.traceable.tme.rules.RulesLoader;
import ai.traceable.tme.seclang.SecLangRules;
import com.typesafe.config.Config;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * tme in-process as {@code serve} composes it ({@link Serving}: rules and SecLang watchers, Redis
 * counters, the on-error guard), on ephemeral ports, loading its rules as the command does.
 */
final class ServingFixture implements AutoCloseable {
  private final Serving serving;
  private final TmeSettings settings;

  private ServingFixture(Serving serving, TmeSettings settings) {
    this.serving = serving;
    this.settings = settings;
  }

  static ServingFixture start(Map<String, Object> overrides) {
    Config config = TmeFixture.config(overrides);
    TmeSettings settings = TmeSettings.fromConfig(config);
    RuleSet rules =
        settings.engine().rulesFile().map(RulesLoader::load).orElseGet(RulesLoader::loadBundled);
    SecLangSettings s = SecLangSettings.fromConfig(config);
    SecLangRules seclang = s.enabled() ? SecLangRules.load(s.rules(), s.profile()) : null;
    return new ServingFixture(Serving.start(config, settings, rules, seclang), settings);
  }

  InetSocketAddress grpcAddress() {
    return serving.tme().server().binding().localAddress();
  }

  Management management() {
    return new Management(settings.management().port());
  }

  @Override
  public void close() throws Exception {
    try {
      serving.tme().stop().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } finally {
      serving.close();
    }
  }
}
