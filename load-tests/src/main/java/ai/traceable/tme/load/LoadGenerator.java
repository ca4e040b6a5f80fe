package ai.traceable.tme.load;

import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;

/**
 * Drives an ext_authz server with Envoy's grpc-java client: opens the connections, runs the warm-up
 * and then the measured window, and reports what the window measured.
 *
 * <p>Each run is independent and uses its own channels and threads; {@link #run} blocks the calling
 * thread for the length of the run. Not meant to be called concurrently in one JVM if the numbers
 * matter (runs would compete for the same cores).
 */
public final class LoadGenerator {
  /**
   * HTTP/2 flow-control window per connection. A CheckResponse is tiny, so this only has to hold
   * the responses to every check in flight without a window update; 1 MiB does with room to spare
   * and keeps grpc-java's bandwidth-delay auto-tuning on.
   */
  static final int FLOW_CONTROL_WINDOW = 1 << 20;

  private static final Duration TICK = Duration.ofSeconds(1);
  private static final Duration DRAIN = Duration.ofSeconds(10);

  private final LoadSettings settings;
  private final MeasurementWindow window;
  private final PrintStream progress;

  private LoadGenerator(LoadSettings settings, MeasurementWindow window, PrintStream progress) {
    this.settings = settings;
    this.window = window;
    this.progress = progress;
  }

  /** Runs the load without progress output or window callbacks. */
  public static LoadResult run(LoadSettings settings) throws InterruptedException {
    return run(settings, MeasurementWindow.NONE, System.err);
  }

  /**
   * Runs the load.
   *
   * @param progress where progress lines go when {@link LoadSettings#progress()} is on
   */
  public static LoadResult run(
      LoadSettings settings, MeasurementWindow window, PrintStream progress)
      throws InterruptedException {
    return new LoadGenerator(settings, window, progress).run();
  }

  private LoadResult run() throws InterruptedException {
    RequestPool pool = settings.scenario().pool();
    List<ManagedChannel> channels = openChannels(settings);
    ScheduledExecutorService retry =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "tme-load-retry");
              t.setDaemon(true);
              return t;
            });
    try {
      Measurements measurements = new Measurements();
      Driver driver = driver(channels, pool, measurements, retry);
      if (settings.openLoop()) {
        // A cold JVM (generator or server) cannot keep a fixed rate; an open loop would spend the
        // warm-up building a backlog. The first half of the warm-up runs closed loop, as fast as
        // the server answers; the second half runs the schedule itself, and the backlog it may
        // still build is dropped when the measured window opens.
        long warmUpEnd = System.nanoTime() + settings.warmup().toNanos();
        Driver warmUp =
            new ClosedLoop(
                channels,
                settings.concurrency(),
                pool,
                measurements,
                settings.timeout(),
                retry,
                settings.protocol().calls());
        warmUp.start();
        runPhase("warm-up", warmUpEnd - settings.warmup().toNanos() / 2, measurements, null);
        warmUp.stop(DRAIN);
        driver.start();
        runPhase("warm-up", warmUpEnd, measurements, null);
      } else {
        driver.start();
        runPhase("warm-up", System.nanoTime() + settings.warmup().toNanos(), measurements, null);
      }
      driver.measuring();
      measurements.nextPhase();
      measurements.interval();
      window.opened();
      long start = System.nanoTime();
      Histogram latency = new Histogram(3);
      runPhase("measure", start + settings.duration().toNanos(), measurements, latency);
      latency.add(measurements.interval());
      Tally tally = measurements.nextPhase();
      long end = System.nanoTime();
      window.closed();
      if (!driver.stop(DRAIN) && settings.progress()) {
        progress.println("some checks were still in flight after " + DRAIN.toSeconds() + " s");
      }
      return result(tally, latency, (end - start) / 1e9);
    } finally {
      retry.shutdownNow();
      for (ManagedChannel channel : channels) {
        channel.shutdownNow();
      }
      for (ManagedChannel channel : channels) {
        channel.awaitTermination(5, TimeUnit.SECONDS);
      }
    }
  }

  /** One channel per connection of {@code settings}, each asked to connect at once. */
  static List<ManagedChannel> openChannels(LoadSettings settings) {
    List<ManagedChannel> channels = new ArrayList<>(settings.connections());
    for (int i = 0; i < settings.connections(); i++) {
      ManagedChannel channel =
          NettyChannelBuilder.forAddress(settings.host(), settings.port())
              .usePlaintext()
              .directExecutor()
              .initialFlowControlWindow(FLOW_CONTROL_WINDOW)
              .userAgent("tme-load")
              .build();
      channel.getState(true);
      channels.add(channel);
    }
    return channels;
  }

  private Driver driver(
      List<ManagedChannel> channels,
      RequestPool pool,
      Measurements measurements,
      ScheduledExecutorService retry) {
    if (settings.openLoop()) {
      return new OpenLoop(
          channels,
          settings.concurrency(),
          settings.rate(),
          pool,
          measurements,
          settings.timeout(),
          settings.protocol().calls());
    }
    return new ClosedLoop(
        channels,
        settings.concurrency(),
        pool,
        measurements,
        settings.timeout(),
        retry,
        settings.protocol().calls());
  }

  /**
   * Waits until {@code endNanos}, reading the latency recorder once per second.
   *
   * @param total receives each interval; null to discard (warm-up)
   */
  private void runPhase(String phase, long endNanos, Measurements measurements, Histogram total) {
    long phaseStart = System.nanoTime();
    long intervalStart = phaseStart;
    while (endNanos - System.nanoTime() > 0) {
      long tickEnd = Math.min(endNanos, intervalStart + TICK.toNanos());
      parkUntil(tickEnd);
      if (endNanos - System.nanoTime() <= 0) {
        return;
      }
      long now = System.nanoTime();
      Histogram interval = measurements.interval();
      if (total != null) {
        total.add(interval);
      }
      if (settings.progress()) {
        progress.println(
            progressLine(phase, now - phaseStart, now - intervalStart, interval, measurements));
      }
      intervalStart = now;
    }
  }

  private static String progressLine(
      String phase, long phaseNanos, long intervalNanos, Histogram interval, Measurements m) {
    Tally tally = m.current();
    return String.format(
        Locale.ROOT,
        "[%4.0fs] %-7s %,9.0f checks/s  p50 %,6d us  p99 %,7d us  ok %,d denied %,d errors %,d",
        phaseNanos / 1e9,
        phase,
        interval.getTotalCount() / (intervalNanos / 1e9),
        interval.getTotalCount() == 0 ? 0 : interval.getValueAtPercentile(50),
        interval.getTotalCount() == 0 ? 0 : interval.getValueAtPercentile(99),
        tally.okCount(),
        tally.deniedCount(),
        tally.errorCount());
  }

  private static void parkUntil(long deadlineNanos) {
    long remaining;
    while ((remaining = deadlineNanos - System.nanoTime()) > 0) {
      LockSupport.parkNanos(remaining);
    }
  }

  private LoadResult result(Tally tally, Histogram latency, double seconds) {
    long ok = tally.okCount();
    long denied = tally.deniedCount();
    return new LoadResult(
        settings.target(),
        settings.scenario().cliName(),
        settings.mode(),
        settings.connections(),
        settings.concurrency(),
        settings.rate(),
        seconds,
        ok,
        denied,
        tally.errorCount(),
        tally.errorsByKind(),
        (ok + denied) / seconds,
        LoadResult.Latency.of(latency),
        LoadResult.Percentile.of(latency));
  }
}
