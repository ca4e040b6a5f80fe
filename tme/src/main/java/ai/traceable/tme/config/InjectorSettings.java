package ai.traceable.tme.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Settings of the sidecar injector ({@code java -jar tme.jar injector}), read once from {@code
 * tme.injector}. Immutable.
 */
public record InjectorSettings(
    String iface,
    int port,
    Path certFile,
    Path keyFile,
    Path templateFile,
    int maxReviewBytes,
    Duration readTimeout) {

  public InjectorSettings {
    Validation.notBlank("tme.injector.interface", iface);
    Validation.port("tme.injector.port", port);
    Validation.positive("tme.injector.max-review-bytes", maxReviewBytes);
    Validation.positive("tme.injector.read-timeout", readTimeout.toMillis());
  }

  /**
   * Reads and validates {@code tme.injector}.
   *
   * @throws IllegalArgumentException naming the key when a value is missing or invalid
   */
  public static InjectorSettings fromConfig(Config root) {
    try {
      Config c = root.getConfig("tme.injector");
      return new InjectorSettings(
          c.getString("interface"),
          c.getInt("port"),
          path(c, "tls.cert-file"),
          path(c, "tls.key-file"),
          path(c, "template-file"),
          (int) Math.min(Integer.MAX_VALUE, c.getBytes("max-review-bytes")),
          c.getDuration("read-timeout"));
    } catch (ConfigException e) {
      throw new IllegalArgumentException("invalid configuration: " + e.getMessage(), e);
    }
  }

  private static Path path(Config c, String key) {
    String value = c.getString(key);
    Validation.notBlank("tme.injector." + key, value);
    return Path.of(value);
  }
}
