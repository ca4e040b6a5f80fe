package ai.traceable.tme.conformance;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.traceable.tme.testing.RedisServerProcess;
import io.envoyproxy.envoy.service.auth.v3.CheckRequest;
import io.envoyproxy.envoy.service.auth.v3.CheckResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two tme processes, as two gateway replicas, sharing one real redis-server: one client's requests
 * spread over both are limited once, not once per replica.
 *
 * <p>Replicas decide from a local view and reconcile it with Redis in the background
 * (docs/rules.md, "Shared rate limits"). The test waits, after each check, until the replica that
 * answered has handed it over (a reconciliation that started after the check completed), so each
 * check is decided on a view at most the other replica's last request old: the two allow the limit
 * plus at most one request each, where unshared they would allow twice the limit.
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

  private static final Pattern SYNCS =
      Pattern.compile("^tme_policy_redis_syncs_total (\\S+)$", Pattern.MULTILINE);

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
              "500ms",
              "TME_POLICY_REDIS_SYNC_INTERVAL",
              "20ms");
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
            awaitReconciled(tme);
            if (r.hasDeniedResponse()) {
              assertEquals(429, r.getDeniedResponse().getStatus().getCodeValue());
              limited++;
            } else {
              allowed++;
            }
          }
        }

        assertTrue(
            allowed >= 6 && allowed <= 8,
            "the limit (6) holds across both replicas within one request each, allowed " + allowed);
        assertEquals(20, allowed + limited);
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

  /** Waits until {@code tme} has completed a reconciliation that started after this call. */
  private static void awaitReconciled(TmeProcess tme) throws Exception {
    long before = syncs(tme);
    // the round in progress may have started before; the one after it did not
    await().atMost(Duration.ofSeconds(10)).until(() -> syncs(tme) >= before + 2);
  }

  private static long syncs(TmeProcess tme) throws Exception {
    Matcher m = SYNCS.matcher(tme.managementBody("/metrics"));
    return m.find() ? (long) Double.parseDouble(m.group(1)) : -1; // -1: no answer this time
  }
}
