package ai.traceable.tme.logging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class LogThrottleTest {
  private static final Duration SECOND = Duration.ofSeconds(1);

  private final AtomicLong nanos = new AtomicLong(5_000_000_000L);

  private void timePasses(Duration d) {
    nanos.addAndGet(d.toNanos());
  }

  @Test
  void letsTheFirstLinesOfAWindowThroughAndHoldsBackTheRest() {
    LogThrottle throttle = new LogThrottle(3, SECOND, nanos::get);

    assertThat(throttle.tryAcquire()).isTrue();
    assertThat(throttle.tryAcquire()).isTrue();
    assertThat(throttle.tryAcquire()).isTrue();
    assertThat(throttle.tryAcquire()).isFalse();
    assertThat(throttle.tryAcquire()).isFalse();

    assertThat(throttle.takeHeldBack()).isEqualTo(2);
    assertThat(throttle.takeHeldBack()).as("reset by taking it").isZero();
  }

  @Test
  void aNewWindowOpensOnceTheLastOneHasPassedAndNotBefore() {
    LogThrottle throttle = LogThrottle.onePer(SECOND, nanos::get);
    assertThat(throttle.tryAcquire()).isTrue();

    timePasses(SECOND.minusNanos(1));
    assertThat(throttle.tryAcquire()).as("one nanosecond early").isFalse();

    timePasses(Duration.ofNanos(1));
    assertThat(throttle.tryAcquire()).isTrue();
    assertThat(throttle.tryAcquire()).isFalse();
  }

  @Test
  void aWindowStartsWithTheFirstLineAfterAQuietSpellNotOnAFixedGrid() {
    LogThrottle throttle = LogThrottle.onePer(SECOND, nanos::get);
    assertThat(throttle.tryAcquire()).isTrue();

    timePasses(Duration.ofMillis(2500)); // quiet; the next line opens a window at 2.5 s
    assertThat(throttle.tryAcquire()).isTrue();

    timePasses(Duration.ofMillis(900)); // 3.4 s: on a fixed grid a window would have opened at 3 s
    assertThat(throttle.tryAcquire()).isFalse();
    timePasses(Duration.ofMillis(100));
    assertThat(throttle.tryAcquire()).isTrue();
  }

  @Test
  void heldBackLinesCountWithTheWeightTheCallerGives() {
    LogThrottle throttle = LogThrottle.onePer(Duration.ofSeconds(10), nanos::get);
    assertThat(throttle.tryAcquire(512)).isTrue();
    assertThat(throttle.tryAcquire(512)).isFalse();
    assertThat(throttle.tryAcquire(3)).isFalse();

    timePasses(Duration.ofSeconds(10));
    assertThat(throttle.tryAcquire(7)).isTrue();
    assertThat(throttle.takeHeldBack()).isEqualTo(515);
  }

  @Test
  void aFloodDoesNotKeepTheNextWindowClosed() {
    LogThrottle throttle = new LogThrottle(2, SECOND, nanos::get);
    for (int i = 0; i < 1_000_000; i++) {
      throttle.tryAcquire();
    }
    timePasses(SECOND);
    assertThat(throttle.tryAcquire()).isTrue();
    assertThat(throttle.tryAcquire()).isTrue();
    assertThat(throttle.tryAcquire()).isFalse();
    assertThat(throttle.takeHeldBack()).isEqualTo(1_000_000 - 2 + 1);
  }

  @Test
  void concurrentCallersShareOneAllowanceAndEveryHeldBackLineIsCounted() throws Exception {
    LogThrottle throttle = new LogThrottle(5, SECOND, nanos::get);
    int threads = 4;
    int perThread = 10_000;
    AtomicInteger passed = new AtomicInteger();
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        done.add(
            pool.submit(
                () -> {
                  start.await();
                  for (int i = 0; i < perThread; i++) {
                    if (throttle.tryAcquire()) {
                      passed.incrementAndGet();
                    }
                  }
                  return null;
                }));
      }
      start.countDown();
      for (Future<?> f : done) {
        f.get(30, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    // the clock stands still: one window, so exactly its allowance passes
    assertThat(passed.get()).isEqualTo(5);
    assertThat(throttle.takeHeldBack()).isEqualTo(threads * perThread - 5L);
  }

  @Test
  void refusesAnAllowanceOrWindowThatCouldNeverLetALineThrough() {
    assertThatThrownBy(() -> new LogThrottle(0, SECOND, nanos::get))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new LogThrottle(1, Duration.ZERO, nanos::get))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
