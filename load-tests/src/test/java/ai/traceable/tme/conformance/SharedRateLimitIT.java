package ai.traceable.tme.conformance;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.traceable.tme.testing.RedisServerProcess;
import io.envoyproxy.envoy.service.auth.v3.CheckRequest;
import io.envoyproxy.envoy.service.auth.v3.CheckResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two tme processes, as two gateway replicas, sharing one real redis-server: one client's requests
 * spread over both are limited once, not once per replica.
 */
class SharedRateLimitIT {
  private static final String RULES =
      """
      policies:
        rateLimits:
          - id: shared-login
            paths: [/login]
            key: [ip]
            limit: 6
            period: PT1H
      """;

  @TempDir Path dir;

  @Test
  void oneClientSpreadOverTwoReplicasIsLimitedOnce() throws Exception {
    Path rules = Files.writeString(dir.resolve("rules.yaml"), RULES);
    try (RedisServerProcess redis = RedisServerProcess.start()) {
      Map<String, String> env =
          Map.of(
              "TME_RULES_FILE",
              rules.toString(),
              "TME_POLICY_REDIS_ENABLED",
              "true",
              "TME_POLICY_REDIS_URI",
              redis.uri(),
              "TME_POLICY_REDIS_TIMEOUT",
              "500ms");
      try (TmeProcess a = TmeProcess.startReady("redis-replica-a", env);
          TmeProcess b = TmeProcess.startReady("redis-replica-b", env)) {
        for (TmeProcess tme : List.of(a, b)) {
          await()
              .atMost(Duration.ofSeconds(20))
              .until(() -> tme.managementBody("/metrics").contains("tme_policy_redis_connected 1"));
        }
        CheckRequest login =
            ai.traceable.tme.load.EnvoyRequests.request("POST", "/login")
                .source("203.0.113.50", 40000)
                .build();
        int allowed = 0;
        int limited = 0;
        for (int i = 0; i < 10; i++) {
          for (TmeProcess tme : List.of(a, b)) {
            CheckResponse r = tme.stub().check(login);
            if (r.hasDeniedResponse()) {
              assertEquals(429, r.getDeniedResponse().getStatus().getCodeValue());
              limited++;
            } else {
              allowed++;
            }
          }
        }

        assertEquals(6, allowed, "the limit holds across both replicas");
        assertEquals(14, limited);
        for (TmeProcess tme : List.of(a, b)) {
          String metrics = tme.managementBody("/metrics");
          assertEquals(
              true,
              metrics.contains("tme_policy_redis_fallbacks_total 0.0"),
              "no check fell back to local counters");
        }
        assertEquals(0, a.stop());
        assertEquals(0, b.stop());
      }
    }
  }
}
