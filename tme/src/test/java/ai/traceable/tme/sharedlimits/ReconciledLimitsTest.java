package ai.traceable.tme.sharedlimits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.BucketConfiguration;
import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.LongUnaryOperator;
import org.junit.jupiter.api.Test;

/** The local view of shared buckets and its reconciliation, against a store the test controls. */
class ReconciledLimitsTest {
  private static final BucketConfiguration TEN_PER_HOUR =
      BucketConfiguration.builder()
          .addLimit(Bandwidth.builder().capacity(10).refillGreedy(10, Duration.ofHours(1)).build())
          .build();

  /** Records what it is sent and answers with {@code left(tokens)}, or never when that is null. */
  private static final class FakeStore implements BucketStore {
    // a queue, not a copy-on-write list: the concurrent test sends tens of thousands of rounds
    final Queue<Long> sent = new ConcurrentLinkedQueue<>();
    final LongUnaryOperator left;

    FakeStore(LongUnaryOperator left) {
      this.left = left;
    }

    @Override
    public CompletableFuture<Long> consume(
        String key, BucketConfiguration configuration, long tokens) {
      sent.add(tokens);
      return left == null
          ? new CompletableFuture<>()
          : CompletableFuture.completedFuture(left.applyAsLong(tokens));
    }

    @Override
    public CompletableFuture<Void> ping() {
      return left == null ? new CompletableFuture<>() : CompletableFuture.completedFuture(null);
    }

    @Override
    public void close() {}
  }

  private static ReconciledLimits limits(FakeStore store, Duration interval, Duration timeout) {
    return new ReconciledLimits(
        store,
        interval,
        timeout,
        Duration.ofHours(1),
        100,
        Duration.ofMinutes(10),
        System::nanoTime);
  }

  private static int allowed(ReconciledLimits limits, int checks) {
    int n = 0;
    for (int i = 0; i < checks; i++) {
      if (limits.tryConsume("k", TEN_PER_HOUR)) {
        n++;
      }
    }
    return n;
  }

  @Test
  void tokensHandedOutLocallyAreSentOnTheNextRound() throws Exception {
    FakeStore store = new FakeStore(tokens -> 10 - tokens);
    try (ReconciledLimits limits = limits(store, Duration.ofHours(1), Duration.ofSeconds(1))) {
      assertThat(allowed(limits, 3)).isEqualTo(3);
      limits.syncNow().get();
      assertThat(store.sent).as("the first-sight round may already carry some").isNotEmpty();
      assertThat(store.sent.stream().mapToLong(Long::longValue).sum()).isEqualTo(3);
      assertThat(limits.connected()).isTrue();
    }
  }

  @Test
  void everyTokenHandedOutReachesTheStoreWhileRoundsRunConcurrently() throws Exception {
    // many short-lived keys, each checked a few times while rounds run back to back: a token
    // counted just as a round takes the key's count must reach the store in a later round
    FakeStore store = new FakeStore(tokens -> 10);
    int threads = 2;
    int keysPerThread = 20_000;
    int checksPerKey = 3;
    ReconciledLimits limits =
        new ReconciledLimits(
            store,
            Duration.ofNanos(10_000),
            // generous: closing waits this long for the last round, on a machine that may be busy
            Duration.ofSeconds(30),
            Duration.ofHours(1),
            threads * keysPerThread,
            Duration.ofMinutes(10),
            System::nanoTime);
    try (limits) {
      Thread[] workers = new Thread[threads];
      for (int t = 0; t < threads; t++) {
        String prefix = "t" + t + "-";
        workers[t] =
            new Thread(
                () -> {
                  for (int k = 0; k < keysPerThread; k++) {
                    for (int i = 0; i < checksPerKey; i++) {
                      limits.tryConsume(prefix + k, TEN_PER_HOUR);
                    }
                  }
                });
        workers[t].start();
      }
      for (Thread w : workers) {
        w.join();
      }
      // closing hands over what the last rounds did not
    }
    assertThat(store.sent.size()).as("rounds ran during the checks").isGreaterThan(keysPerThread);
    assertThat(store.sent.stream().mapToLong(Long::longValue).sum())
        .as("tokens counted locally and sent to the store")
        .isEqualTo((long) threads * keysPerThread * checksPerKey);
  }

  @Test
  void theLocalViewTakesTheClusterWideRemainder() throws Exception {
    FakeStore store = new FakeStore(tokens -> 2);
    try (ReconciledLimits limits = limits(store, Duration.ofHours(1), Duration.ofSeconds(1))) {
      assertThat(allowed(limits, 1)).isEqualTo(1);
      limits.syncNow().get();
      assertThat(allowed(limits, 5)).as("others used all but two").isEqualTo(2);
    }
  }

  @Test
  void checksNeverWaitForAStoreThatDoesNotAnswer() throws Exception {
    FakeStore silent = new FakeStore(null);
    try (ReconciledLimits limits = limits(silent, Duration.ofMillis(5), Duration.ofSeconds(3))) {
      assertThat(allowed(limits, 1)).isEqualTo(1);
      await().atMost(Duration.ofSeconds(5)).until(() -> !silent.sent.isEmpty());
      CountDownLatch done = new CountDownLatch(1);
      int[] allowedWhileStuck = new int[1];
      Thread checks =
          new Thread(
              () -> {
                allowedWhileStuck[0] = allowed(limits, 20);
                done.countDown();
              });
      checks.start();
      assertThat(done.await(1, TimeUnit.SECONDS))
          .as("checks complete while a round waits up to 3 s on the store")
          .isTrue();
      assertThat(allowedWhileStuck[0]).as("the local view still limits").isEqualTo(9);
      assertThat(limits.fallbacks()).as("no round ever succeeded").isEqualTo(21);
    }
  }
}
