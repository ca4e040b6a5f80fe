package ai.traceable.tme.load;

import io.grpc.Channel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Open loop: checks are due at a fixed rate whatever the server does. Latency is measured from each
 * check's intended send time, so when the server (or the generator) falls behind, the queueing
 * delay shows in the latency instead of silently lowering the rate (no coordinated omission).
 *
 * <p>Each connection has its own scheduling thread, due at {@code rate / connections} with the
 * connections' schedules interleaved: one thread alone could not issue more than a few tens of
 * thousands of checks per second. Checks that are due while a thread was parked are sent together
 * when it wakes (their latency still starts at the intended time). At most {@code concurrency}
 * checks are in flight per connection; beyond that the scheduler waits, and the wait counts as
 * latency of the checks it delays. Thread-safe.
 */
final class OpenLoop implements Driver {
  private final List<Scheduler> schedulers = new ArrayList<>();
  private final Calls calls;
  private volatile boolean stopping;

  OpenLoop(
      List<? extends Channel> channels,
      int concurrency,
      double rate,
      RequestPool pool,
      Measurements measurements,
      Duration timeout,
      Calls calls) {
    this.calls = calls;
    long intervalNanos = Math.max(1, Math.round(1e9 * channels.size() / rate));
    for (int i = 0; i < channels.size(); i++) {
      long offset = intervalNanos * i / channels.size();
      schedulers.add(
          new Scheduler(
              channels.get(i), concurrency, intervalNanos, offset, pool, measurements, timeout, i));
    }
  }

  @Override
  public void start() {
    for (Scheduler s : schedulers) {
      s.thread.start();
    }
  }

  @Override
  public void measuring() {
    long now = System.nanoTime();
    for (Scheduler s : schedulers) {
      s.restartAt = now;
    }
  }

  @Override
  public boolean stop(Duration grace) throws InterruptedException {
    long deadline = System.nanoTime() + grace.toNanos();
    stopping = true;
    boolean drained = true;
    for (Scheduler s : schedulers) {
      s.thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
      drained &=
          s.permits.tryAcquire(
              s.maxInFlight, Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    }
    return drained;
  }

  /** Issues one connection's share of the checks. */
  private final class Scheduler {
    private final Channel channel;
    private final int maxInFlight;
    private final long intervalNanos;
    private final long offsetNanos;
    private final RequestPool pool;
    private final Measurements measurements;
    private final Duration timeout;
    private final Semaphore permits;
    private final Thread thread;

    /** When set (not 0), the schedule restarts from this instant, dropping any backlog. */
    private volatile long restartAt;

    Scheduler(
        Channel channel,
        int maxInFlight,
        long intervalNanos,
        long offsetNanos,
        RequestPool pool,
        Measurements measurements,
        Duration timeout,
        int index) {
      this.channel = channel;
      this.maxInFlight = maxInFlight;
      this.intervalNanos = intervalNanos;
      this.offsetNanos = offsetNanos;
      this.pool = pool;
      this.measurements = measurements;
      this.timeout = timeout;
      this.permits = new Semaphore(maxInFlight);
      this.thread = new Thread(this::run, "tme-load-open-loop-" + index);
      this.thread.setDaemon(true);
    }

    private void run() {
      long due = System.nanoTime() + offsetNanos;
      while (!stopping) {
        long restart = restartAt;
        if (restart != 0) {
          restartAt = 0;
          due = restart + offsetNanos;
        }
        long now = System.nanoTime();
        if (now - due < 0) {
          LockSupport.parkNanos(due - now);
          continue;
        }
        if (!acquirePermit()) {
          return;
        }
        calls.send(channel, pool.next(), timeout, due, measurements, failed -> permits.release());
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
  }
}
