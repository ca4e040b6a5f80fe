package ai.traceable.tme.engine.policy;

import static ai.traceable.tme.engine.policy.PolicyTestKit.get;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.traceable.tme.engine.Decision;
import ai.traceable.tme.engine.EngineMode;
import ai.traceable.tme.testing.RedisServerProcess;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Rate limits shared through a real redis-server, and what happens when it goes away. */
class PolicyRedisTest {
  private static final String LIMIT =
      """
      policies:
        rateLimits:
          - id: shared-limit
            limit: 6
            period: PT1H
      """;

  private static PolicyState redisState(String uri) {
    RedisRateLimits redis =
        new RedisRateLimits(uri, Duration.ofMillis(500), Duration.ofHours(1), "tme-test:");
    return new PolicyState(1000, Duration.ofMinutes(10), 429, System::nanoTime, redis);
  }

  private static int allowed(PolicyEngine engine, int requests) {
    int n = 0;
    for (int i = 0; i < requests; i++) {
      if (engine.evaluate(get("/", "10.0.0.1")) instanceof Decision.Allow) {
        n++;
      }
    }
    return n;
  }

  @Test
  void twoInstancesSharingOneRedisEnforceOneLimitTogether() throws Exception {
    try (RedisServerProcess server = RedisServerProcess.start();
        PolicyState a = redisState(server.uri());
        PolicyState b = redisState(server.uri())) {
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> a.redis().connected() && b.redis().connected());
      RuleSet rules = PolicyTestKit.rules(LIMIT);
      PolicyEngine first = new PolicyEngine(rules, EngineMode.BLOCK, 0, a);
      PolicyEngine second = new PolicyEngine(rules, EngineMode.BLOCK, 0, b);
      int together = 0;
      for (int i = 0; i < 6; i++) {
        together += allowed(first, 1) + allowed(second, 1);
      }
      assertThat(together).isEqualTo(6);
      assertThat(a.redis().fallbacks() + b.redis().fallbacks()).isZero();
    }
  }

  @Test
  void killedRedisFallsBackToLocalLimitsWithinTheTimeoutAndIsCounted() throws Exception {
    RedisServerProcess server = RedisServerProcess.start();
    try (PolicyState state = redisState(server.uri())) {
      await().atMost(Duration.ofSeconds(10)).until(() -> state.redis().connected());
      PolicyEngine engine =
          new PolicyEngine(PolicyTestKit.rules(LIMIT), EngineMode.BLOCK, 0, state);
      assertThat(allowed(engine, 4)).isEqualTo(4);
      server.close();
      long start = System.nanoTime();
      assertThat(allowed(engine, 10)).as("a fresh local bucket").isEqualTo(6);
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
      assertThat(state.redis().fallbacks()).isGreaterThanOrEqualTo(10);
      assertThat(state.redis().failures()).isGreaterThanOrEqualTo(1);
    } finally {
      server.close();
    }
  }

  @Test
  void unreachableRedisNeverDelaysChecksAndLocalLimitsApply() throws Exception {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0)) {
      closedPort = s.getLocalPort();
    }
    try (PolicyState state = redisState("redis://127.0.0.1:" + closedPort)) {
      PolicyEngine engine =
          new PolicyEngine(PolicyTestKit.rules(LIMIT), EngineMode.BLOCK, 0, state);
      assertThat(allowed(engine, 10)).isEqualTo(6);
      assertThat(state.redis().fallbacks()).isEqualTo(10);
      assertThat(state.redis().connected()).isFalse();
    }
  }
}
