package ai.traceable.tme.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;

/**
 * Loads tme's configuration: system properties, then {@code application.conf} (or {@code
 * -Dconfig.file}), then tme's Pekko settings ({@code tme-pekko.conf}), then every library's {@code
 * reference.conf}.
 */
public final class TmeConfig {
  /** Classpath resource with the Pekko settings tme relies on. */
  public static final String PEKKO_SETTINGS = "tme-pekko.conf";

  private TmeConfig() {}

  /** The configuration tme runs with. */
  public static Config load() {
    return load(ConfigFactory.empty());
  }

  /** The configuration with {@code overrides} on top of the application's (for tests, tools). */
  public static Config load(Config overrides) {
    ConfigFactory.invalidateCaches();
    Config application =
        overrides
            .withFallback(ConfigFactory.defaultApplication())
            .withFallback(
                ConfigFactory.parseResources(TmeConfig.class.getClassLoader(), PEKKO_SETTINGS));
    return ConfigFactory.load(application);
  }
}
