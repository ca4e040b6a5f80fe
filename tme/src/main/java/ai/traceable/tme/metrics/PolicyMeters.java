package ai.traceable.tme.metrics;

import ai.traceable.tme.engine.policy.limits.PolicyState;
import ai.traceable.tme.engine.policy.limits.SharedLimits;
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
    SharedLimits shared = state.shared();
    if (shared != null) {
      FunctionCounter.builder("tme.policy.redis.fallbacks", shared, SharedLimits::fallbacks)
          .description(
              "rate-limit checks decided while Redis was unreachable (per-replica counting)")
          .register(registry);
      FunctionCounter.builder("tme.policy.redis.failures", shared, SharedLimits::failures)
          .description("background reconciliations with Redis that failed or timed out")
          .register(registry);
      FunctionCounter.builder("tme.policy.redis.syncs", shared, SharedLimits::syncs)
          .description("background reconciliations with Redis that succeeded")
          .register(registry);
      Gauge.builder("tme.policy.redis.connected", shared, r -> r.connected() ? 1 : 0)
          .description("1 while the latest reconciliation with Redis succeeded, else 0")
          .register(registry);
    }
  }
}
