package ai.traceable.tme.load;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a soak run measured and whether the server held steady: no failed check, the live heap's
 * fitted growth, the Java threads, the open file descriptors and the connection actors within their
 * limits, and the target rate reached. Immutable.
 *
 * @param samples the baseline first, then one sample per interval
 * @param targetRate checks per second the open loop was asked for
 * @param errorsByKind every failed check of the run (the checks after the last sample included)
 * @param limits how much growth is still "none"
 */
record SoakReport(
    List<SoakSample> samples, double targetRate, Map<String, Long> errorsByKind, Limits limits) {

  /** Share of the target rate the run must reach (the rest is the generator's own jitter). */
  static final double MIN_RATE_SHARE = 0.95;

  /**
   * Growth tolerated between the baseline and the end of the run.
   *
   * @param heapMiB live heap, by the least-squares line through every sample (a single noisy
   *     reading moves it little, a leak of a few bytes per check over a long run shows)
   * @param threads Java threads, last sample against the baseline
   * @param fds open file descriptors, last sample against the baseline
   */
  record Limits(double heapMiB, int threads, int fds) {
    static final Limits DEFAULT = new Limits(16, 4, 8);
  }

  SoakReport {
    if (samples.size() < 3) {
      throw new IllegalArgumentException("a soak verdict needs a baseline and two samples");
    }
    samples = List.copyOf(samples);
    errorsByKind = Map.copyOf(new TreeMap<>(errorsByKind));
  }

  long errors() {
    return errorsByKind.values().stream().mapToLong(Long::longValue).sum();
  }

  SoakSample baseline() {
    return samples.get(0);
  }

  SoakSample last() {
    return samples.get(samples.size() - 1);
  }

  /** Answered checks per second over the whole measured run. */
  double achievedRate() {
    long answered = samples.stream().mapToLong(s -> s.ok() + s.denied()).sum();
    return answered / last().seconds();
  }

  /** The slope of the least-squares line through the live heap samples, in MiB per hour. */
  double heapSlopeMiBPerHour() {
    int n = samples.size();
    double meanX = samples.stream().mapToDouble(SoakSample::seconds).average().orElse(0);
    double meanY = samples.stream().mapToDouble(s -> s.server().liveHeapMiB()).average().orElse(0);
    double num = 0;
    double den = 0;
    for (SoakSample s : samples) {
      double dx = s.seconds() - meanX;
      num += dx * (s.server().liveHeapMiB() - meanY);
      den += dx * dx;
    }
    return n < 2 || den == 0 ? 0 : num / den * 3600;
  }

  /** The fitted line's growth over the run, in MiB. */
  double fittedHeapGrowthMiB() {
    return heapSlopeMiBPerHour() * (last().seconds() - baseline().seconds()) / 3600;
  }

  int threadGrowth() {
    return last().server().threads() - baseline().server().threads();
  }

  int fdGrowth() {
    return last().server().openFds() - baseline().server().openFds();
  }

  int actorGrowth() {
    return last().server().connectionActors() - baseline().server().connectionActors();
  }

  /** Each limit the run broke, in words; empty when the server held steady. */
  List<String> failures() {
    List<String> out = new ArrayList<>();
    if (errors() > 0) {
      out.add("failed checks: " + errorsByKind);
    }
    if (fittedHeapGrowthMiB() > limits.heapMiB()) {
      out.add(
          String.format(
              Locale.ROOT,
              "live heap grew %.1f MiB (fitted), more than %.1f",
              fittedHeapGrowthMiB(),
              limits.heapMiB()));
    }
    if (threadGrowth() > limits.threads()) {
      out.add("Java threads grew by " + threadGrowth() + ", more than " + limits.threads());
    }
    if (fdGrowth() > limits.fds()) {
      out.add("open file descriptors grew by " + fdGrowth() + ", more than " + limits.fds());
    }
    if (actorGrowth() > 0) {
      out.add("connection actors grew by " + actorGrowth());
    }
    if (achievedRate() < MIN_RATE_SHARE * targetRate) {
      out.add(
          String.format(
              Locale.ROOT, "reached %.0f checks/s of %.0f asked for", achievedRate(), targetRate));
    }
    return out;
  }

  boolean passed() {
    return failures().isEmpty();
  }

  /** The verdict and the figures it rests on, in a few lines. */
  String verdict() {
    StringBuilder out = new StringBuilder();
    out.append(passed() ? "PASS: no growth, no errors" : "FAIL").append('\n');
    out.append(
        String.format(
            Locale.ROOT,
            "  %.0f checks/s achieved of %.0f; %,d errors%n"
                + "  live heap %.1f -> %.1f MiB, fitted slope %+.1f MiB/h (%+.1f MiB over the run,"
                + " limit %.0f)%n"
                + "  Java threads %d -> %d (limit +%d); open fds %d -> %d (limit +%d);"
                + " connection actors %d -> %d%n",
            achievedRate(),
            targetRate,
            errors(),
            baseline().server().liveHeapMiB(),
            last().server().liveHeapMiB(),
            heapSlopeMiBPerHour(),
            fittedHeapGrowthMiB(),
            limits.heapMiB(),
            baseline().server().threads(),
            last().server().threads(),
            limits.threads(),
            baseline().server().openFds(),
            last().server().openFds(),
            limits.fds(),
            baseline().server().connectionActors(),
            last().server().connectionActors()));
    for (String failure : failures()) {
      out.append("  ").append(failure).append('\n');
    }
    return out.toString();
  }

  /** Every sample as a Markdown table (for docs/benchmarks.md). */
  String markdownTable() {
    StringBuilder out = new StringBuilder();
    out.append(
        "| time (m:ss) | checks/s | p50 ms | p99 ms | errors | live heap MiB | Java threads"
            + " | open fds | connection actors |\n");
    out.append("|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    for (SoakSample s : samples) {
      out.append(s.markdownRow()).append('\n');
    }
    return out.toString();
  }

  void writeCsv(Path file) throws IOException {
    List<String> lines = new ArrayList<>();
    lines.add(SoakSample.CSV_HEADER);
    samples.forEach(s -> lines.add(s.csvLine()));
    Files.write(file, lines, StandardCharsets.UTF_8);
  }
}
