package ai.traceable.tme.config;

import ai.traceable.tme.tls.PemTls;
import com.typesafe.config.Config;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Export of what tme saw to the platform agent (OTLP/HTTP). See reference.conf for each key.
 *
 * @param enabled whether the pipeline runs at all
 * @param endpoint OTLP/HTTP traces URL
 * @param serviceName resource attribute {@code service.name}
 * @param queueSize records held while the agent is slow; more are dropped and counted
 * @param batchMaxRecords records per export at most
 * @param batchMaxBytes approximate bytes per export at most
 * @param batchMaxDelay longest a record waits for its batch to fill
 * @param parallelism exports in flight at once
 * @param maxRetries further attempts after a failed export
 * @param initialBackoff first retry delay (doubled each time, with jitter)
 * @param maxBackoff longest retry delay (also caps Retry-After)
 * @param requestTimeout deadline of one export request
 * @param gzip whether export bodies are gzip-compressed
 * @param maxBodyBytes request body bytes captured per record
 * @param bodyContentTypes content types (substring match) whose bodies are captured
 * @param sampleRatio share of clean allowed requests captured; denied and monitored always are
 * @param redactHeaders header names whose values are redacted
 * @param redactFields body field names whose values are redacted
 * @param redactFieldPattern RE2 pattern of further field names to redact
 * @param redactStrategy {@code redact} or {@code hash}
 * @param flushTimeout how long shutdown waits for queued records to be exported
 * @param headers static headers sent with every export (values are secrets: never logged)
 * @param tls PEM files for an {@code https} endpoint: trusted CAs, client certificate and key
 */
public record CaptureSettings(
    boolean enabled,
    URI endpoint,
    String serviceName,
    int queueSize,
    int batchMaxRecords,
    long batchMaxBytes,
    Duration batchMaxDelay,
    int parallelism,
    int maxRetries,
    Duration initialBackoff,
    Duration maxBackoff,
    Duration requestTimeout,
    boolean gzip,
    int maxBodyBytes,
    List<String> bodyContentTypes,
    double sampleRatio,
    List<String> redactHeaders,
    List<String> redactFields,
    String redactFieldPattern,
    String redactStrategy,
    Duration flushTimeout,
    CaptureHeaders headers,
    Tls tls) {

  /**
   * PEM files for TLS to the agent; each empty when not set. Without a CA file the JDK's default
   * trust store is used; a client certificate and its key come together (mutual TLS).
   *
   * @param caFile certificates of the authorities that sign the agent's certificate
   * @param certFile client certificate chain, leaf first
   * @param keyFile the client certificate's private key
   * @param maxConnectionLifetime how long an https connection to the agent is used before a new one
   *     (which reads changed files) replaces it
   */
  public record Tls(
      Optional<Path> caFile,
      Optional<Path> certFile,
      Optional<Path> keyFile,
      Duration maxConnectionLifetime) {
    /** No TLS files: the default trust store, no client certificate. */
    public static final Tls NONE =
        new Tls(Optional.empty(), Optional.empty(), Optional.empty(), Duration.ofMinutes(10));

    public Tls {
      Validation.positive(
          "tme.capture.tls.max-connection-lifetime", maxConnectionLifetime.toMillis());
      if (certFile.isPresent() && keyFile.isEmpty()) {
        throw new IllegalArgumentException(
            "tme.capture.tls.cert-file is set but tme.capture.tls.key-file is not; a client"
                + " certificate needs its key");
      }
      if (keyFile.isPresent() && certFile.isEmpty()) {
        throw new IllegalArgumentException(
            "tme.capture.tls.key-file is set but tme.capture.tls.cert-file is not");
      }
    }

    /** Whether any file is set. */
    public boolean configured() {
      return caFile.isPresent() || certFile.isPresent();
    }

    /** The files that are set, for change detection. */
    public List<Path> files() {
      return Stream.of(caFile, certFile, keyFile).flatMap(Optional::stream).toList();
    }

    static Tls fromConfig(Config tls) {
      return new Tls(
          path(tls, "ca-file"),
          path(tls, "cert-file"),
          path(tls, "key-file"),
          tls.getDuration("max-connection-lifetime"));
    }

    private static Optional<Path> path(Config tls, String key) {
      String value = tls.getString(key).trim();
      return value.isEmpty() ? Optional.empty() : Optional.of(Path.of(value));
    }
  }

  public CaptureSettings {
    String scheme = endpoint.getScheme();
    if (!"http".equals(scheme) && !"https".equals(scheme)) {
      throw new IllegalArgumentException(
          "tme.capture.endpoint must be an http(s) URL: " + endpoint);
    }
    Validation.notBlank("tme.capture.service-name", serviceName);
    Validation.positive("tme.capture.queue-size", queueSize);
    Validation.positive("tme.capture.batch.max-records", batchMaxRecords);
    Validation.positive(
        "tme.capture.batch.max-bytes", (int) Math.min(Integer.MAX_VALUE, batchMaxBytes));
    Validation.positive("tme.capture.parallelism", parallelism);
    if (maxRetries < 0) {
      throw new IllegalArgumentException("tme.capture.retry.max-retries must not be negative");
    }
    if (maxBodyBytes < 0) {
      throw new IllegalArgumentException("tme.capture.max-body-bytes must not be negative");
    }
    if (!(sampleRatio >= 0 && sampleRatio <= 1)) {
      throw new IllegalArgumentException(
          "tme.capture.sample-ratio must be within 0.0-1.0, was " + sampleRatio);
    }
    if (!redactStrategy.equalsIgnoreCase("redact") && !redactStrategy.equalsIgnoreCase("hash")) {
      throw new IllegalArgumentException(
          "tme.capture.redact.strategy must be redact or hash, was " + redactStrategy);
    }
    for (Duration d : List.of(batchMaxDelay, initialBackoff, maxBackoff, requestTimeout)) {
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException("tme.capture durations must be positive: " + d);
      }
    }
    Validation.notNegative("tme.capture.flush-timeout", flushTimeout);
    if (enabled) {
      checkTls(endpoint, tls);
    }
    bodyContentTypes = List.copyOf(bodyContentTypes);
    redactHeaders = List.copyOf(redactHeaders);
    redactFields = List.copyOf(redactFields);
  }

  /**
   * TLS files with a plain {@code http} endpoint are an error rather than a warning: the operator
   * asked for an encrypted, authenticated channel (often to carry an API token), and sending the
   * data in the clear instead must not go unnoticed. The files are read once here so that a broken
   * one stops start-up instead of failing every export.
   */
  private static void checkTls(URI endpoint, Tls tls) {
    if (!tls.configured()) {
      return;
    }
    if (!"https".equals(endpoint.getScheme())) {
      throw new IllegalArgumentException(
          "tme.capture.tls files are set but tme.capture.endpoint is not https ("
              + endpoint
              + "); use an https:// endpoint or unset the TLS files");
    }
    tls.caFile().ifPresent(f -> Validation.readableFile("tme.capture.tls.ca-file", f));
    tls.certFile().ifPresent(f -> Validation.readableFile("tme.capture.tls.cert-file", f));
    tls.keyFile().ifPresent(f -> Validation.readableFile("tme.capture.tls.key-file", f));
    try {
      PemTls.clientContext(tls.caFile(), tls.certFile(), tls.keyFile());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("tme.capture.tls: " + e.getMessage(), e);
    }
  }
}
