package ai.traceable.tme.load;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The benchmark's results: one row per server, the first row being the baseline. Immutable.
 *
 * @param rows the baseline (no-op server) first, then the servers compared with it
 */
public record BenchReport(List<Row> rows) {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  public BenchReport {
    rows = List.copyOf(rows);
    if (rows.isEmpty()) {
      throw new IllegalArgumentException("a report needs at least the baseline row");
    }
  }

  /**
   * One server's run.
   *
   * @param server the server's name in the table
   * @param result what the load generator measured
   * @param cpuMicrosPerCheck the server process's user+system CPU time over the measured window
   *     divided by the checks finished in it; negative when unknown
   * @param exitStatus the server's exit status after SIGTERM
   */
  public record Row(String server, LoadResult result, double cpuMicrosPerCheck, int exitStatus) {}

  /** Whether any run had a failed check. */
  public boolean hasErrors() {
    return rows.stream().anyMatch(r -> r.result().errors() > 0);
  }

  /** Throughput of {@code row} divided by the baseline's. */
  public double throughputRatio(Row row) {
    double baseline = rows.get(0).result().throughput();
    return baseline == 0 ? 0 : row.result().throughput() / baseline;
  }

  /** A fixed-width table; the last column is the throughput relative to the first row. */
  public String table() {
    StringBuilder out = new StringBuilder();
    String header = "%-14s %12s %9s %9s %10s %8s %14s %9s%n";
    out.append(
        String.format(
            Locale.ROOT,
            header,
            "server",
            "checks/s",
            "p50 us",
            "p99 us",
            "p99.9 us",
            "errors",
            "CPU us/check",
            "vs " + rows.get(0).server()));
    for (Row row : rows) {
      LoadResult r = row.result();
      out.append(
          String.format(
              Locale.ROOT,
              "%-14s %,12.0f %,9d %,9d %,10d %,8d %14s %9s%n",
              row.server(),
              r.throughput(),
              r.latencyMicros().p50(),
              r.latencyMicros().p99(),
              r.latencyMicros().p999(),
              r.errors(),
              row.cpuMicrosPerCheck() < 0
                  ? "n/a"
                  : String.format(Locale.ROOT, "%.1f", row.cpuMicrosPerCheck()),
              String.format(Locale.ROOT, "%.2f", throughputRatio(row))));
    }
    return out.toString();
  }

  public void writeJson(Path file) throws IOException {
    JSON.writeValue(file.toFile(), this);
  }
}
