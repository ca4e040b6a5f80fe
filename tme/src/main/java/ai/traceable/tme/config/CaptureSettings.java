package ai.traceable.tme.config;

import java.net.URI;
import java.time.Duration;
import java.util.List;

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
    Duration flushTimeout) {
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
    bodyContentTypes = List.copyOf(bodyContentTypes);
    redactHeaders = List.copyOf(redactHeaders);
    redactFields = List.copyOf(redactFields);
  }
}
