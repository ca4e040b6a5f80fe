package ai.traceable.tme.config;

import ai.traceable.tme.engine.EngineMode;
import ai.traceable.tme.engine.OnError;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * All of tme's settings, read once from the {@code tme} section of the configuration. Immutable.
 * This is the only place that reads HOCON; the rest of the code takes these records.
 */
public record TmeSettings(
    GrpcSettings grpc,
    ConnectionSettings connection,
    ManagementSettings management,
    BlockingSettings blocking,
    EngineSettings engine,
    CaptureSettings capture,
    String logFormat,
    int denialLogPerSecond,
    PolicySettings policy,
    CheckSettings check,
    ExtProcSettings extProc) {

  public TmeSettings {
    if (denialLogPerSecond < 0) {
      throw new IllegalArgumentException(
          "tme.log.denials-per-second must be 0 (off) or more, was " + denialLogPerSecond);
    }
  }

  /**
   * Reads and validates settings.
   *
   * @throws IllegalArgumentException naming the key when a value is missing or invalid
   */
  public static TmeSettings fromConfig(Config root) {
    try {
      Config c = root.getConfig("tme");
      return new TmeSettings(
          new GrpcSettings(
              c.getString("grpc.interface"),
              c.getInt("grpc.port"),
              (int) Math.min(Integer.MAX_VALUE, c.getBytes("grpc.max-request-bytes")),
              c.getInt("grpc.max-concurrent-streams"),
              c.getDuration("grpc.unready-delay"),
              c.getDuration("grpc.shutdown-grace")),
          new ConnectionSettings(
              c.getDuration("connection.idle-timeout"), c.getInt("connection.max-in-flight")),
          new ManagementSettings(
              c.getString("management.interface"),
              c.getInt("management.port"),
              c.getBoolean("management.check-metrics")),
          BlockingSettings.of(c.getInt("blocking.status-code"), c.getString("blocking.message")),
          engine(c),
          capture(c),
          logFormat(c.getString("log.format")),
          c.getInt("log.denials-per-second"),
          policy(c),
          check(c),
          extProc(c));
    } catch (ConfigException e) {
      throw new IllegalArgumentException("invalid configuration: " + e.getMessage(), e);
    }
  }

  private static String logFormat(String value) {
    String format = value.trim().toLowerCase(java.util.Locale.ROOT);
    if (!format.equals("text") && !format.equals("json")) {
      throw new IllegalArgumentException(
          "tme.log.format must be text or json, was '" + value + "'");
    }
    return format;
  }

  private static EngineSettings engine(Config c) {
    String rules = c.getString("engine.rules-file").trim();
    int parallelism = c.getInt("engine.parallelism");
    return new EngineSettings(
        EngineMode.parse(c.getString("engine.mode")),
        rules.isEmpty() ? Optional.empty() : Optional.of(Path.of(rules)),
        OnError.parse(c.getString("engine.on-error")),
        parallelism == 0 ? Runtime.getRuntime().availableProcessors() : parallelism,
        c.getDuration("engine.reload-interval"),
        c.getInt("engine.trusted-hops"));
  }

  private static CheckSettings check(Config c) {
    return new CheckSettings(
        CheckSettings.Partial.parse(
            "tme.check.on-invalid-utf8", c.getString("check.on-invalid-utf8")),
        CheckSettings.Partial.parse("tme.check.on-too-deep", c.getString("check.on-too-deep")),
        CheckSettings.Partial.parse("tme.check.on-oversized", c.getString("check.on-oversized")),
        CheckSettings.Partial.parse(
            "tme.check.on-over-budget", c.getString("check.on-over-budget")),
        c.getDuration("engine.time-budget"),
        CheckSettings.denyOnOverload(c.getString("check.on-overload")));
  }

  private static PolicySettings policy(Config c) {
    Optional<PolicySettings.Redis> redis =
        c.getBoolean("policy.redis.enabled")
            ? Optional.of(
                new PolicySettings.Redis(
                    c.getString("policy.redis.uri"),
                    c.getDuration("policy.redis.timeout"),
                    c.getDuration("policy.redis.retry-after"),
                    c.getString("policy.redis.key-prefix"),
                    c.getDuration("policy.redis.sync-interval")))
            : Optional.empty();
    return new PolicySettings(
        c.getInt("policy.max-keys"),
        c.getDuration("policy.idle-expiry"),
        c.getInt("policy.rate-limit-status"),
        redis);
  }

  private static ExtProcSettings extProc(Config c) {
    return ExtProcSettings.of(
        c.getString("mode"),
        c.getString("ext-proc.request-body-mode"),
        c.getString("ext-proc.response-body-mode"),
        (int) Math.min(Integer.MAX_VALUE, c.getBytes("ext-proc.max-body-bytes")),
        ExtProcSettings.LeakSettings.of(
            c.getString("response-inspection.mode"),
            c.getInt("response-inspection.block-status"),
            c.getString("response-inspection.block-message"),
            (int) Math.min(Integer.MAX_VALUE, c.getBytes("response-inspection.max-inspect-bytes")),
            c.getStringList("response-inspection.disabled-rules")));
  }

  private static CaptureSettings capture(Config c) {
    String endpoint = c.getString("capture.endpoint");
    URI uri;
    try {
      uri = new URI(endpoint);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("tme.capture.endpoint is not a URL: " + endpoint, e);
    }
    return new CaptureSettings(
        c.getBoolean("capture.enabled"),
        uri,
        c.getString("capture.service-name"),
        c.getInt("capture.queue-size"),
        c.getInt("capture.batch.max-records"),
        c.getBytes("capture.batch.max-bytes"),
        c.getDuration("capture.batch.max-delay"),
        c.getInt("capture.parallelism"),
        c.getInt("capture.retry.max-retries"),
        c.getDuration("capture.retry.initial-backoff"),
        c.getDuration("capture.retry.max-backoff"),
        c.getDuration("capture.request-timeout"),
        c.getBoolean("capture.gzip"),
        c.getBytes("capture.max-body-bytes").intValue(),
        c.getStringList("capture.body-content-types"),
        c.getDouble("capture.sample-ratio"),
        c.getStringList("capture.redact.headers"),
        c.getStringList("capture.redact.fields"),
        c.getString("capture.redact.field-pattern"),
        c.getString("capture.redact.strategy"),
        c.getDuration("capture.flush-timeout"),
        CaptureHeaders.fromConfig(c.getValue("capture.headers")),
        CaptureSettings.Tls.fromConfig(c.getConfig("capture.tls")));
  }
}
