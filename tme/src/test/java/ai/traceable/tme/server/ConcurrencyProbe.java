package ai.traceable.tme.server;

import static org.awaitility.Awaitility.await;

import ai.traceable.tme.engine.Decision;
import ai.traceable.tme.engine.Engine;
import ai.traceable.tme.engine.inspect.RequestView;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A test engine that holds evaluations so tests can observe how many run at once. Every evaluation
 * waits (at most 20 s) until {@code parties} evaluations have entered, or until {@link #release()};
 * it then allows the request.
 */
final class ConcurrencyProbe implements Engine {
  private final CountDownLatch arrived;
  private final CountDownLatch released = new CountDownLatch(1);
  private final boolean gate;
  private final AtomicInteger inside = new AtomicInteger();
  private final AtomicInteger max = new AtomicInteger();

  /** Evaluations wait until {@code parties} are inside at once. */
  ConcurrencyProbe(int parties) {
    this(parties, false);
  }

  private ConcurrencyProbe(int parties, boolean gate) {
    this.arrived = new CountDownLatch(parties);
    this.gate = gate;
  }

  /** Evaluations wait until {@link #release()}. */
  static ConcurrencyProbe gate() {
    return new ConcurrencyProbe(1, true);
  }

  @Override
  public Decision evaluate(RequestView request) {
    int now = inside.incrementAndGet();
    max.accumulateAndGet(now, Math::max);
    try {
      arrived.countDown();
      if (gate) {
        released.await(20, TimeUnit.SECONDS);
      } else {
        arrived.await(20, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      inside.decrementAndGet();
    }
    return Decision.Allow.clean();
  }

  void release() {
    released.countDown();
  }

  void awaitInside(int n) {
    await().atMost(Duration.ofSeconds(10)).until(() -> inside.get() >= n);
  }

  int maxConcurrent() {
    return max.get();
  }
}
