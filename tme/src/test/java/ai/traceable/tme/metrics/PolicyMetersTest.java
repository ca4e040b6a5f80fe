package ai.traceable.tme.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import ai.traceable.tme.config.PolicySettings;
import ai.traceable.tme.engine.policy.limits.PolicyState;
import ai.traceable.tme.sharedlimits.ReconciledLimits;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class PolicyMetersTest {

  @Test
  void policyCountersAppearInThePrometheusScrape() throws Exception {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0)) {
      closedPort = s.getLocalPort();
    }
    ReconciledLimits redis =
        ReconciledLimits.redis(
            new PolicySettings.Redis(
                "redis://127.0.0.1:" + closedPort,
                Duration.ofMillis(50),
                Duration.ofSeconds(1),
                "t:",
                Duration.ofMillis(50)),
            10,
            Duration.ofMinutes(1));
    try (PolicyState state =
        new PolicyState(10, Duration.ofMinutes(1), 429, System::nanoTime, redis)) {
      PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
      PolicyMeters.bind(state, registry);
      String scrape = registry.scrape();
      assertThat(scrape)
          .contains("tme_policy_keys{kind=\"rate_limit\"}")
          .contains("tme_policy_keys{kind=\"enumeration\"}")
          .contains("tme_policy_trips_total")
          .contains("tme_policy_redis_fallbacks_total")
          .contains("tme_policy_redis_failures_total")
          .contains("tme_policy_redis_syncs_total")
          .contains("tme_policy_redis_connected 0.0");
    }
  }
}
