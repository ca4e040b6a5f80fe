package ai.traceable.tme.metrics;

import ai.traceable.tme.engine.policy.PolicyState;
import ai.traceable.tme.engine.policy.RedisRateLimits;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/** Registers the meters of custom policies' counters (rate limits, enumeration, Redis). */
public final class PolicyMeters {
  private PolicyMeters() {}

  public static void bind(PolicyState state, MeterRegistry registry) {
    Gauge.builder("tme.policy.keys", state, PolicyState::rateLimitKeys)
        .tag("kind", "rate_limit")
        .description("keys held by rate-limit counters")
        .register(registry);
    Gauge.builder("tme.policy.keys", state, PolicyState::enumerationKeys)
        .tag("kind", "enumeration")
        .description("keys held by enumeration counters")
        .register(registry);
    FunctionCounter.builder("tme.policy.trips", state, PolicyState::trips)
        .description("times a rate limit or enumeration rule tripped")
        .register(registry);
    RedisRateLimits redis = state.redis();
    if (redis != null) {
      FunctionCounter.builder("tme.policy.redis.fallbacks", redis, RedisRateLimits::fallbacks)
          .description("rate-limit checks that used local counters because Redis was unavailable")
          .register(registry);
      FunctionCounter.builder("tme.policy.redis.failures", redis, RedisRateLimits::failures)
          .description("Redis calls that failed or timed out")
          .register(registry);
      Gauge.builder("tme.policy.redis.connected", redis, r -> r.connected() ? 1 : 0)
          .description("1 while the shared rate-limit store (Redis) is connected, else 0")
          .register(registry);
    }
  }
}
