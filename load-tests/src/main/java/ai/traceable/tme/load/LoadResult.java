package ai.traceable.tme.load;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;

/**
 * What one load run measured, over the measured window only (warm-up excluded). Immutable.
 *
 * @param target {@code host:port}
 * @param scenario scenario name
 * @param mode {@code closed} or {@code open}
 * @param targetRate open loop: intended checks per second; 0 in closed loop
 * @param seconds length of the measured window
 * @param ok checks answered with {@code status.code} 0 (allowed)
 * @param denied checks answered with {@code status.code} 7 (PERMISSION_DENIED)
 * @param errors failed calls plus answers with any other status code
 * @param errorsByKind errors by gRPC status of the call ({@code DEADLINE_EXCEEDED}, ...) or by
 *     {@code check-status-N} for answers with another {@code status.code}
 * @param throughput answered checks (ok + denied) per second
 * @param latencyMicros latency of answered checks; in open loop measured from the intended send
 *     time, so a stalled server or generator cannot hide queueing (coordinated omission)
 * @param distributionMicros the latency at percentiles from 0 to 100, denser towards the tail
 *     (HdrHistogram's percentile iteration), for percentile plots
 */
public record LoadResult(
    String target,
    String scenario,
    String mode,
    int connections,
    int concurrency,
    double targetRate,
    double seconds,
    long ok,
    long denied,
    long errors,
    Map<String, Long> errorsByKind,
    double throughput,
    Latency latencyMicros,
    List<Percentile> distributionMicros) {

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  public LoadResult {
    errorsByKind = Map.copyOf(new TreeMap<>(errorsByKind));
    distributionMicros = List.copyOf(distributionMicros == null ? List.of() : distributionMicros);
  }

  /** The latency at one percentile. */
  public record Percentile(double percentile, long micros) {
    /** Percentiles of {@code h}, five steps per halving of the distance to 100%. */
    static List<Percentile> of(Histogram h) {
      List<Percentile> out = new ArrayList<>();
      if (h.getTotalCount() == 0) {
        return out;
      }
      for (HistogramIterationValue v : h.percentiles(5)) {
        double level = v.getPercentileLevelIteratedTo();
        // the same reading as the summary percentiles, never past the recorded maximum
        out.add(new Percentile(level, Math.min(h.getValueAtPercentile(level), h.getMaxValue())));
      }
      return out;
    }
  }

  /** Latency percentiles in microseconds. */
  public record Latency(long p50, long p90, long p99, long p999, long max, double mean) {
    static Latency of(Histogram h) {
      if (h.getTotalCount() == 0) {
        return new Latency(0, 0, 0, 0, 0, 0);
      }
      return new Latency(
          h.getValueAtPercentile(50),
          h.getValueAtPercentile(90),
          h.getValueAtPercentile(99),
          h.getValueAtPercentile(99.9),
          h.getMaxValue(),
          h.getMean());
    }
  }

  /** Answered checks (allowed plus denied). */
  public long answered() {
    return ok + denied;
  }

  /** One human-readable line. */
  public String summary() {
    String load =
        "open".equals(mode)
            ? String.format(Locale.ROOT, "open loop %,.0f/s, %d conn", targetRate, connections)
            : String.format(Locale.ROOT, "closed loop %d conn x %d", connections, concurrency);
    return String.format(
        Locale.ROOT,
        "%s -> %s (%s): %,.0f checks/s over %.1f s | ok %,d denied %,d errors %,d%s"
            + " | latency us p50 %,d p90 %,d p99 %,d p99.9 %,d max %,d",
        scenario,
        target,
        load,
        throughput,
        seconds,
        ok,
        denied,
        errors,
        errorsByKind.isEmpty() ? "" : " " + errorsByKind,
        latencyMicros.p50(),
        latencyMicros.p90(),
        latencyMicros.p99(),
        latencyMicros.p999(),
        latencyMicros.max());
  }

  /** Writes this result as an indented JSON object. */
  public void writeJson(Path file) throws IOException {
    JSON.writeValue(file.toFile(), this);
  }

  /** Reads a result written by {@link #writeJson}. */
  public static LoadResult readJson(Path file) throws IOException {
    return JSON.readValue(file.toFile(), LoadResult.class);
  }
}
