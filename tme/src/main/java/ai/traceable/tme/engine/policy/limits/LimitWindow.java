package ai.traceable.tme.engine.policy.limits;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.BucketConfiguration;
import java.time.Duration;

/** How a rate limit's allowance comes back, mapped onto bucket4j bandwidths. */
public enum LimitWindow {
  /**
   * {@code limit} requests per {@code period}, returned continuously: a request's slot comes back
   * {@code period / limit} after it was used (bucket4j greedy refill, capacity {@code limit}).
   */
  ROLLING,
  /** Like rolling, with a separate {@code burst} capacity (default {@code limit}). */
  TOKEN_BUCKET,
  /** {@code limit} requests, all returned at once each {@code period} after first use. */
  FIXED;

  public BucketConfiguration configuration(int limit, int burst, Duration period) {
    Bandwidth bandwidth =
        switch (this) {
          case ROLLING -> Bandwidth.builder().capacity(limit).refillGreedy(limit, period).build();
          case TOKEN_BUCKET ->
              Bandwidth.builder().capacity(burst).refillGreedy(limit, period).build();
          case FIXED -> Bandwidth.builder().capacity(limit).refillIntervally(limit, period).build();
        };
    return BucketConfiguration.builder().addLimit(bandwidth).build();
  }
}
