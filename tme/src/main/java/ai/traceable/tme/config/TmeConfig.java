package ai.traceable.tme.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigResolveOptions;
import com.typesafe.config.ConfigResolver;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueFactory;
import java.util.Map;

/**
 * Loads tme's configuration: system properties, then {@code application.conf} (or {@code
 * -Dconfig.file}), then tme's Pekko settings ({@code tme-pekko.conf}), then every library's {@code
 * reference.conf}. Substitutions such as {@code ${?TME_GRPC_PORT}} that the configuration does not
 * define are looked up in the environment as {@link Environment} decodes it (UTF-8 whatever the
 * locale), not in Typesafe Config's own view of it.
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
    return load(overrides, Environment.current());
  }

  /** The configuration with {@code overrides}, its substitutions resolved from {@code env}. */
  static Config load(Config overrides, Map<String, String> env) {
    ConfigFactory.invalidateCaches();
    Config application =
        overrides
            .withFallback(ConfigFactory.defaultApplication())
            .withFallback(
                ConfigFactory.parseResources(TmeConfig.class.getClassLoader(), PEKKO_SETTINGS));
    ConfigResolveOptions fromEnv =
        ConfigResolveOptions.defaults()
            .setUseSystemEnvironment(false)
            .appendResolver(new EnvironmentResolver(env));
    return ConfigFactory.load(application, fromEnv);
  }

  /** Resolves a substitution the configuration leaves open from an environment variable. */
  private record EnvironmentResolver(Map<String, String> env) implements ConfigResolver {
    @Override
    public ConfigValue lookup(String path) {
      String value = env.get(path);
      return value == null
          ? null
          : ConfigValueFactory.fromAnyRef(value, "environment variable " + path);
    }

    @Override
    public ConfigResolver withFallback(ConfigResolver fallback) {
      return new Chained(this, fallback);
    }
  }

  /** {@code first}, then {@code second} where the first has no value. */
  private record Chained(ConfigResolver first, ConfigResolver second) implements ConfigResolver {
    @Override
    public ConfigValue lookup(String path) {
      ConfigValue value = first.lookup(path);
      return value != null ? value : second.lookup(path);
    }

    @Override
    public ConfigResolver withFallback(ConfigResolver fallback) {
      return new Chained(this, fallback);
    }
  }
}
