package ai.traceable.tme.load;

import io.grpc.ManagedChannel;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;

/**
 * A soak: an open loop at a steady rate for a long time, sampling every {@code sampleEvery} the
 * interval's latency and outcomes and the server's live heap, threads, fds and connection actors.
 *
 * <p>The warm-up runs the same schedule; its backlog (a cold JVM on either side) is dropped when
 * the measured run begins, and the baseline is read then. Outcome counts are cumulative over the
 * measured run and differenced per sample, so no check that straddles a sample boundary is lost.
 * Blocks the calling thread for the whole run; not thread-safe.
 */
final class SoakRun {
  private static final Duration DRAIN = Duration.ofSeconds(10);

  private final LoadSettings load;
  private final Duration sampleEvery;
  private final ServerProbe probe;
  private final PrintStream progress;

  /**
   * @param load an open-loop run ({@code rate > 0}); its duration is the measured time
   * @param sampleEvery time between samples; the measured time is rounded down to a multiple
   */
  SoakRun(LoadSettings load, Duration sampleEvery, ServerProbe probe, PrintStream progress) {
    if (!load.openLoop()) {
      throw new IllegalArgumentException("a soak runs at a fixed rate: --rate must be positive");
    }
    if (load.duration().compareTo(sampleEvery.multipliedBy(2)) < 0) {
      throw new IllegalArgumentException(
          "a soak needs at least two samples: duration >= 2 x sample");
    }
    this.load = load;
    this.sampleEvery = sampleEvery;
    this.probe = probe;
    this.progress = progress;
  }

  SoakReport run(SoakReport.Limits limits) throws IOException, InterruptedException {
    List<ManagedChannel> channels = LoadGenerator.openChannels(load);
    Measurements measurements = new Measurements();
    OpenLoop loop =
        new OpenLoop(
            channels,
            load.concurrency(),
            load.rate(),
            load.scenario().pool(),
            measurements,
            load.timeout(),
            load.protocol().calls());
    try {
      loop.start();
      // the attach listener jcmd starts in the server stays: let it exist before the baseline
      probe.liveHeapBytes();
      parkUntil(System.nanoTime() + load.warmup().toNanos());
      loop.measuring();
      measurements.nextPhase();
      measurements.interval();
      long start = System.nanoTime();
      List<SoakSample> samples = new ArrayList<>();
      samples.add(SoakSample.baseline(probe.read()));
      print(samples.get(0));
      long intervals = load.duration().toNanos() / sampleEvery.toNanos();
      Tally tally = measurements.current();
      long[] before = {0, 0, 0};
      for (long i = 1; i <= intervals; i++) {
        parkUntil(start + i * sampleEvery.toNanos());
        Histogram interval = measurements.interval();
        long[] now = {tally.okCount(), tally.deniedCount(), tally.errorCount()};
        double seconds = (System.nanoTime() - start) / 1e9;
        double intervalSeconds = seconds - samples.get(samples.size() - 1).seconds();
        SoakSample sample =
            new SoakSample(
                seconds,
                (now[0] - before[0] + now[1] - before[1]) / intervalSeconds,
                percentile(interval, 50),
                percentile(interval, 99),
                interval.getTotalCount() == 0 ? 0 : interval.getMaxValue(),
                now[0] - before[0],
                now[1] - before[1],
                now[2] - before[2],
                probe.read());
        samples.add(sample);
        print(sample);
        before = now;
      }
      boolean drained = loop.stop(DRAIN);
      if (!drained) {
        tally.error("still-in-flight-after-" + DRAIN.toSeconds() + "s");
      }
      return new SoakReport(samples, load.rate(), tally.errorsByKind(), limits);
    } finally {
      loop.stop(Duration.ZERO);
      for (ManagedChannel channel : channels) {
        channel.shutdownNow();
      }
      for (ManagedChannel channel : channels) {
        channel.awaitTermination(5, TimeUnit.SECONDS);
      }
    }
  }

  private static long percentile(Histogram h, double p) {
    return h.getTotalCount() == 0 ? 0 : h.getValueAtPercentile(p);
  }

  private void print(SoakSample s) {
    if (load.progress()) {
      progress.println(
          String.format(
              Locale.ROOT,
              "[%5.0fs] %,7.0f checks/s  p50 %6.2f ms  p99 %7.2f ms  errors %d  live heap %6.1f MiB"
                  + "  threads %d  fds %d  actors %d",
              s.seconds(),
              s.checksPerSecond(),
              s.p50Micros() / 1000.0,
              s.p99Micros() / 1000.0,
              s.errors(),
              s.server().liveHeapMiB(),
              s.server().threads(),
              s.server().openFds(),
              s.server().connectionActors()));
    }
  }

  private static void parkUntil(long deadlineNanos) {
    long remaining;
    while ((remaining = deadlineNanos - System.nanoTime()) > 0) {
      LockSupport.parkNanos(remaining);
    }
  }
}
