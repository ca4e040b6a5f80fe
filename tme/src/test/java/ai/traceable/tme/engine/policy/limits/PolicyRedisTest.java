package ai.traceable.tme.engine.policy.limits;

import static ai.traceable.tme.engine.policy.PolicyTestKit.get;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.traceable.tme.config.PolicySettings;
import ai.traceable.tme.engine.Decision;
import ai.traceable.tme.engine.EngineMode;
import ai.traceable.tme.engine.StagedEngine;
import ai.traceable.tme.engine.policy.PolicyTestKit;
import ai.traceable.tme.sharedlimits.ReconciledLimits;
import ai.traceable.tme.testing.RedisServerProcess;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Rate limits shared through a real redis-server, and what happens when it stalls or goes away. */
class PolicyRedisTest {
  private static final String LIMIT =
      """
      policies:
        rateLimits:
          - id: shared-limit
            limit: 6
            period: PT1H
      """;

  /** Reconciles only when a test asks (or a key is new), so counts are exact between rounds. */
  private static ReconciledLimits shared(String uri, Duration timeout, Duration syncInterval) {
    return ReconciledLimits.redis(
        new PolicySettings.Redis(uri, timeout, Duration.ofMillis(100), "tme-test:", syncInterval),
        1000,
        Duration.ofMinutes(10));
  }

  private static ReconciledLimits shared(String uri) {
    return shared(uri, Duration.ofMillis(500), Duration.ofHours(1));
  }

  private static StagedEngine engine(ReconciledLimits shared) {
    PolicyState state =
        new PolicyState(1000, Duration.ofMinutes(10), 429, System::nanoTime, shared);
    return PolicyTestKit.rules(LIMIT).engine(EngineMode.BLOCK, 0, state);
  }

  private static int allowed(StagedEngine engine, int requests) {
    int n = 0;
    for (int i = 0; i < requests; i++) {
      if (engine.evaluate(get("/", "10.0.0.1")) instanceof Decision.Allow) {
        n++;
      }
    }
    return n;
  }

  private static void awaitConnected(ReconciledLimits shared) {
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () -> {
              shared.syncNow().get();
              return shared.connected();
            });
  }

  /** Waits, without asking for one, until a background round that started after now is done. */
  private static void awaitRoundsAfterNow(ReconciledLimits shared) {
    long before = shared.syncs();
    await().atMost(Duration.ofSeconds(10)).until(() -> shared.syncs() >= before + 2);
  }

  /**
   * Each replica decides on its view as of its own last exchange, so a check that follows the other
   * replica's can pass on a view one request old: one request over the limit per replica at most.
   * Without sharing, the two would allow 12.
   */
  @Test
  void twoInstancesSharingOneRedisEnforceOneLimitTogetherWithinOneRequestEach() throws Exception {
    try (RedisServerProcess server = RedisServerProcess.start();
        ReconciledLimits a = shared(server.uri());
        ReconciledLimits b = shared(server.uri())) {
      awaitConnected(a);
      awaitConnected(b);
      StagedEngine first = engine(a);
      StagedEngine second = engine(b);
      int together = 0;
      for (int i = 0; i < 6; i++) {
        together += allowed(first, 1);
        a.syncNow().get(); // a hands over its count and takes the cluster-wide remainder
        together += allowed(second, 1);
        b.syncNow().get();
      }
      assertThat(together).isBetween(6, 8);
      assertThat(a.fallbacks() + b.fallbacks()).isZero();
    }
  }

  @Test
  void aReplicaLearnsOfTheOthersUseInTheBackground() throws Exception {
    try (RedisServerProcess server = RedisServerProcess.start();
        ReconciledLimits a = shared(server.uri(), Duration.ofMillis(500), Duration.ofMillis(20));
        ReconciledLimits b = shared(server.uri(), Duration.ofMillis(500), Duration.ofMillis(20))) {
      awaitConnected(a);
      awaitConnected(b);
      StagedEngine first = engine(a);
      StagedEngine second = engine(b);
      assertThat(allowed(first, 6)).isEqualTo(6);
      awaitRoundsAfterNow(a);
      // b has never seen the key: this check is decided on b's fresh local view (the documented
      // tolerance) and starts b's reconciliation of the key
      allowed(second, 1);
      awaitRoundsAfterNow(b);
      assertThat(allowed(second, 3)).as("b now knows the key is used up").isZero();
      assertThat(b.fallbacks()).isZero();
    }
  }

  @Test
  void stalledRedisDoesNotHoldUpChecks() throws Exception {
    try (RedisServerProcess server = RedisServerProcess.start();
        ReconciledLimits redis = shared(server.uri(), Duration.ofSeconds(2), Duration.ofHours(1))) {
      awaitConnected(redis);
      StagedEngine engine = engine(redis);
      assertThat(allowed(engine, 2)).isEqualTo(2);
      redis.syncNow().get();
      server.pauseClients(Duration.ofSeconds(5));
      CompletableFuture<Void> stalledRound = redis.syncNow();
      CountDownLatch done = new CountDownLatch(1);
      AtomicInteger allowedWhilePaused = new AtomicInteger();
      Thread checks =
          new Thread(
              () -> {
                allowedWhilePaused.set(allowed(engine, 8));
                done.countDown();
              });
      checks.start();
      assertThat(done.await(1, TimeUnit.SECONDS))
          .as("eight checks complete within 1 s while Redis answers nothing for 5 s")
          .isTrue();
      assertThat(stalledRound).as("the reconciliation is still waiting on Redis").isNotDone();
      assertThat(allowedWhilePaused.get()).as("the limit still holds").isEqualTo(4);
    }
  }

  @Test
  void killedRedisLeavesTheReplicaCountingOnFromTheSharedViewAndIsCounted() throws Exception {
    RedisServerProcess server = RedisServerProcess.start();
    try (ReconciledLimits redis = shared(server.uri())) {
      awaitConnected(redis);
      StagedEngine engine = engine(redis);
      assertThat(allowed(engine, 4)).isEqualTo(4);
      redis.syncNow().get();
      server.close();
      await()
          .atMost(Duration.ofSeconds(10))
          .until(
              () -> {
                redis.syncNow().get();
                return !redis.connected();
              });
      assertThat(allowed(engine, 10)).as("what the shared bucket had left").isEqualTo(2);
      assertThat(redis.fallbacks()).isEqualTo(10);
      assertThat(redis.failures()).isGreaterThanOrEqualTo(1);
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
    try (ReconciledLimits redis = shared("redis://127.0.0.1:" + closedPort)) {
      StagedEngine engine = engine(redis);
      assertThat(allowed(engine, 10)).isEqualTo(6);
      assertThat(redis.fallbacks()).isEqualTo(10);
      assertThat(redis.connected()).isFalse();
    }
  }
}
