package ai.traceable.tme.load;

import io.grpc.Channel;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Open loop: checks are due at a fixed rate whatever the server does, spread round-robin over the
 * connections. Latency is measured from each check's intended send time, so when the server (or the
 * generator) falls behind, the queueing delay shows in the latency instead of silently lowering the
 * rate (no coordinated omission).
 *
 * <p>One scheduling thread issues checks; checks that are due while the thread was parked are sent
 * together when it wakes (their latency still starts at the intended time). At most {@code
 * connections x concurrency} checks are in flight; beyond that the scheduler waits, and the wait
 * counts as latency of the checks it delays. Thread-safe.
 */
final class OpenLoop implements Driver {
  private final List<? extends Channel> channels;
  private final RequestPool pool;
  private final Measurements measurements;
  private final Duration timeout;
  private final long intervalNanos;
  private final int maxInFlight;
  private final Semaphore permits;
  private final Thread scheduler;
  private volatile boolean stopping;

  OpenLoop(
      List<? extends Channel> channels,
      int concurrency,
      double rate,
      RequestPool pool,
      Measurements measurements,
      Duration timeout) {
    this.channels = List.copyOf(channels);
    this.pool = pool;
    this.measurements = measurements;
    this.timeout = timeout;
    this.intervalNanos = Math.max(1, Math.round(1e9 / rate));
    this.maxInFlight = channels.size() * concurrency;
    this.permits = new Semaphore(maxInFlight);
    this.scheduler = new Thread(this::schedule, "tme-load-open-loop");
    this.scheduler.setDaemon(true);
  }

  @Override
  public void start() {
    scheduler.start();
  }

  private void schedule() {
    long due = System.nanoTime();
    long sent = 0;
    while (!stopping) {
      long now = System.nanoTime();
      if (now - due < 0) {
        LockSupport.parkNanos(due - now);
        continue;
      }
      if (!acquirePermit()) {
        return;
      }
      Channel channel = channels.get((int) (sent++ % channels.size()));
      CheckCalls.send(
          channel, pool.next(), timeout, due, measurements, failed -> permits.release());
      due += intervalNanos;
    }
  }

  /** Waits for a free in-flight slot; false when stopping. */
  private boolean acquirePermit() {
    try {
      while (!permits.tryAcquire(10, TimeUnit.MILLISECONDS)) {
        if (stopping) {
          return false;
        }
      }
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  @Override
  public boolean stop(Duration grace) throws InterruptedException {
    long deadline = System.nanoTime() + grace.toNanos();
    stopping = true;
    scheduler.join(Math.max(1, grace.toMillis()));
    return permits.tryAcquire(
        maxInFlight, Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
  }
}
