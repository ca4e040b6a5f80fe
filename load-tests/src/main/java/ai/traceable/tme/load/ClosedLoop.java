package ai.traceable.tme.load;

import io.grpc.Channel;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Closed loop: every connection keeps exactly {@code concurrency} checks in flight; each completion
 * issues the next check on the same connection. Throughput is whatever the server sustains at that
 * concurrency, and latency is measured from the actual send time.
 *
 * <p>Thread-safe: completions run on the channels' event loops. After a failed call the next check
 * is issued from {@code retry} after {@value #RETRY_DELAY_MICROS} µs, so a server that fails calls
 * at once cannot drive the loop into deep recursion or a hot spin.
 */
final class ClosedLoop implements Driver {
  private static final long RETRY_DELAY_MICROS = 1000;

  private final List<? extends Channel> channels;
  private final int concurrency;
  private final RequestPool pool;
  private final Measurements measurements;
  private final Duration timeout;
  private final ScheduledExecutorService retry;
  private final Calls calls;
  private final CountDownLatch stopped;
  private volatile boolean stopping;

  ClosedLoop(
      List<? extends Channel> channels,
      int concurrency,
      RequestPool pool,
      Measurements measurements,
      Duration timeout,
      ScheduledExecutorService retry,
      Calls calls) {
    this.channels = List.copyOf(channels);
    this.concurrency = concurrency;
    this.pool = pool;
    this.measurements = measurements;
    this.timeout = timeout;
    this.retry = retry;
    this.calls = calls;
    this.stopped = new CountDownLatch(channels.size() * concurrency);
  }

  @Override
  public void start() {
    for (Channel channel : channels) {
      for (int i = 0; i < concurrency; i++) {
        send(channel);
      }
    }
  }

  private void send(Channel channel) {
    if (stopping) {
      stopped.countDown();
      return;
    }
    calls.send(
        channel,
        pool.next(),
        timeout,
        System.nanoTime(),
        measurements,
        failed -> {
          if (failed) {
            retry.schedule(() -> send(channel), RETRY_DELAY_MICROS, TimeUnit.MICROSECONDS);
          } else {
            send(channel);
          }
        });
  }

  @Override
  public boolean stop(Duration grace) throws InterruptedException {
    stopping = true;
    return stopped.await(grace.toNanos(), TimeUnit.NANOSECONDS);
  }
}
