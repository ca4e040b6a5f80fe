package ai.traceable.tme.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.traceable.tme.config.PolicySettings;
import ai.traceable.tme.engine.Decision;
import ai.traceable.tme.engine.Engine;
import ai.traceable.tme.engine.EngineMode;
import ai.traceable.tme.engine.policy.limits.PolicyState;
import ai.traceable.tme.rules.RulesLoader;
import ai.traceable.tme.sharedlimits.ReconciledLimits;
import ai.traceable.tme.testing.RedisServerProcess;
import io.envoyproxy.envoy.service.auth.v3.CheckRequest;
import io.grpc.Status;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Redis that shares rate limits killed while checks flow through tme's real gRPC port, then
 * started again on the same port: checks keep their decisions and their latency, the replica counts
 * on its own meanwhile (the documented fail-open to local limits: each limit still holds per
 * replica), the outage shows on /metrics, and sharing resumes by itself, without restarting tme. A
 * real redis-server; tme as {@code serve} composes it.
 */
class RedisFaultsIT {
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final Duration PROMPT = Duration.ofSeconds(1);
  private static final int LIMIT = 50;
  private static final String RULES =
      """
      version: shared
      policies:
        rateLimits:
          - id: per-client
            limit: %d
            period: PT1H
      """
          .formatted(LIMIT);

  @TempDir Path dir;

  private static CheckRequest from(String client, int i) {
    return Requests.http("GET", "/items/" + i, Map.of(), client, null);
  }

  private static CheckBurst.Result burst(CheckClient client, String ip, int n) throws Exception {
    CheckBurst.Result r = CheckBurst.send(client, n, i -> from(ip, i), WAIT);
    assertThat(r.errorCount()).as("checks answered with an error").isZero();
    assertThat(r.slowest()).as("slowest check").isLessThan(PROMPT);
    return r;
  }

  private static long denied(CheckBurst.Result r) {
    return r.withCode(Status.Code.PERMISSION_DENIED.value());
  }

  /** Another replica of the same rules sharing the same Redis, outside tme's process state. */
  private static ReconciledLimits otherReplica(String uri) {
    return ReconciledLimits.redis(
        new PolicySettings.Redis(
            uri, Duration.ofMillis(500), Duration.ofMillis(100), "tme:rl:", Duration.ofHours(1)),
        1000,
        Duration.ofMinutes(10));
  }

  @Test
  void killedRedisLeavesChecksPromptWithLocalLimitsAndSharingResumesWhenItIsBack()
      throws Exception {
    Path rules = Files.writeString(dir.resolve("rules.yaml"), RULES);
    RedisServerProcess redis = RedisServerProcess.start();
    int port = redis.port();
    try (ServingFixture tme =
            ServingFixture.start(
                Map.of(
                    "tme.engine.rules-file",
                    rules.toString(),
                    "tme.policy.redis.enabled",
                    true,
                    "tme.policy.redis.uri",
                    redis.uri(),
                    "tme.policy.redis.retry-after",
                    "200ms"));
        CheckClient client = new CheckClient(tme.grpcAddress())) {
      Management m = tme.management();
      assertThat(denied(burst(client, "203.0.113.1", 20))).isZero();
      await().atMost(WAIT).until(() -> m.sum("tme_policy_redis_connected") == 1.0);

      redis.close(); // SIGKILL
      CheckBurst.Result duringOutage = burst(client, "203.0.113.2", LIMIT + 10);
      assertThat(denied(duringOutage)).as("the limit still holds on this replica").isEqualTo(10);
      await().atMost(WAIT).until(() -> m.sum("tme_policy_redis_connected") == 0.0);
      assertThat(m.sum("tme_policy_redis_failures_total")).isPositive();
      double fallbacks = m.sum("tme_policy_redis_fallbacks_total");
      assertThat(denied(burst(client, "203.0.113.3", 10))).isZero();
      assertThat(m.sum("tme_policy_redis_fallbacks_total"))
          .as("checks decided without Redis")
          .isGreaterThanOrEqualTo(fallbacks + 10);

      redis = RedisServerProcess.start(port);
      await().atMost(WAIT).until(() -> m.sum("tme_policy_redis_connected") == 1.0);
      assertThat(denied(burst(client, "203.0.113.4", LIMIT))).isZero();
      double syncs = m.sum("tme_policy_redis_syncs_total");
      // two rounds that started after the burst: its counts have reached Redis
      await().atMost(WAIT).until(() -> m.sum("tme_policy_redis_syncs_total") >= syncs + 2);

      try (ReconciledLimits shared = otherReplica(redis.uri())) {
        PolicyState counters =
            new PolicyState(1000, Duration.ofMinutes(10), 429, System::nanoTime, shared);
        Engine replica =
            RulesLoader.parse(RULES.getBytes(StandardCharsets.UTF_8), "replica.yaml")
                .engine(EngineMode.BLOCK, 0, counters, List.of());
        // a key new to the replica is decided on its fresh local view (the documented tolerance)
        replica.evaluate(CheckRequests.toView(from("203.0.113.4", 0)));
        shared.syncNow().get();
        assertThat(replica.evaluate(CheckRequests.toView(from("203.0.113.4", 1))))
            .as("the other replica sees what tme counted after the restart")
            .isInstanceOf(Decision.Deny.class);
      }
    } finally {
      redis.close();
    }
  }
}
