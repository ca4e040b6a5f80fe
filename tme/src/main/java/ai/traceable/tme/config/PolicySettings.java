package ai.traceable.tme.config;

import java.time.Duration;
import java.util.Optional;

/**
 * How custom policies keep their counters (rate limits, enumeration).
 *
 * @param maxKeys keys each counter table holds at most; least recently used ones are evicted
 * @param idleExpiry a key unused this long is forgotten
 * @param rateLimitStatus HTTP status of rate-limit denials when a rule names none (400-499)
 * @param redis the shared Redis backend, when enabled
 */
public record PolicySettings(
    int maxKeys, Duration idleExpiry, int rateLimitStatus, Optional<Redis> redis) {
  public PolicySettings {
    Validation.positive("tme.policy.max-keys", maxKeys);
    Validation.positive("tme.policy.idle-expiry", idleExpiry.toMillis());
    if (rateLimitStatus < 400 || rateLimitStatus > 499) {
      throw new IllegalArgumentException(
          "tme.policy.rate-limit-status must be within 400-499, was " + rateLimitStatus);
    }
  }

  /**
   * Redis for cluster-wide rate limits.
   *
   * @param uri e.g. {@code redis://127.0.0.1:6379/0}
   * @param timeout the longest a background reconciliation waits for Redis (checks never wait)
   * @param retryAfter how long Redis is left alone after a failure
   * @param keyPrefix prefix of every key tme writes
   * @param syncInterval how often local counts are reconciled with Redis
   */
  public record Redis(
      String uri, Duration timeout, Duration retryAfter, String keyPrefix, Duration syncInterval) {
    public Redis {
      Validation.positive("tme.policy.redis.sync-interval", syncInterval.toMillis());
      Validation.notBlank("tme.policy.redis.uri", uri);
      Validation.positive("tme.policy.redis.timeout", timeout.toMillis());
      Validation.notNegative("tme.policy.redis.retry-after", retryAfter);
    }
  }
}
