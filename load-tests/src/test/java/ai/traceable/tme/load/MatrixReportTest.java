package ai.traceable.tme.load;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MatrixReportTest {
  @TempDir Path dir;

  private static LoadResult result(double throughput, double rate, long p99) {
    return new LoadResult(
        "127.0.0.1:1",
        "benign",
        rate > 0 ? "open" : "closed",
        4,
        64,
        rate,
        20,
        (long) throughput * 20,
        0,
        0,
        Map.of(),
        throughput,
        new LoadResult.Latency(p99 / 4, p99 / 2, p99, p99 * 2, p99 * 3, p99 / 3.0),
        List.of(
            new LoadResult.Percentile(50, p99 / 4),
            new LoadResult.Percentile(99, p99),
            new LoadResult.Percentile(99.9, p99 * 2),
            new LoadResult.Percentile(100, p99 * 3)));
  }

  private static Matrix.Run run(String group, String server, LoadResult r) {
    return new Matrix.Run(group, new BenchReport.Row(server, r, 10.0, 0));
  }

  private static List<Matrix.Run> runs() {
    List<Matrix.Run> runs = new ArrayList<>();
    runs.add(run("closed-4", "no-op", result(100_000, 0, 5_000)));
    runs.add(run("closed-4", "tme", result(70_000, 0, 7_000)));
    runs.add(run("closed-4", "tme+capture", result(64_000, 0, 8_000)));
    runs.add(run("closed-4", "tme+agent-down", result(69_000, 0, 7_100)));
    runs.add(run("closed-4", "tme-no-metrics", result(71_000, 0, 6_900)));
    runs.add(run("closed-1", "no-op", result(90_000, 0, 4_000)));
    runs.add(run("closed-1", "tme+capture", result(60_000, 0, 9_000)));
    for (double step : Matrix.RATE_STEPS) {
      double rate = Math.round(64_000 * step);
      runs.add(run("open", "tme+capture", result(rate, rate, (long) (500 + 10_000 * step))));
    }
    return runs;
  }

  @Test
  void tablesAndGoalsComeFromTheRuns() {
    String md =
        new MatrixReport(Scenario.BENIGN, Duration.ofSeconds(10), Duration.ofSeconds(20), runs())
            .markdown(Path.of("img"));

    assertTrue(md.contains("| tme+capture | 64,000 | 0.64 |"), md);
    assertTrue(
        md.contains(
            "| tme (bundled rules, capture on) vs the no-op server, throughput | >= 0.60 |"
                + " 0.64 | yes |"),
        md);
    assertTrue(
        md.contains("| p99 at half of tme's own maximum rate | <= 5 ms | 5.50 ms | **no** |"), md);
    assertTrue(
        md.contains(
            "| one connection vs four (tme, capture on), throughput | >= 0.90 | 0.94 | yes |"),
        md);
    assertTrue(
        md.contains("| cost of capture (throughput, tme+capture vs tme) | <= 5% | 8.6% | **no** |"),
        md);
    assertTrue(
        md.contains("| cost of per-check metrics (tme vs tme-no-metrics) | <= 3% | 1.4% | yes |"),
        md);
    assertTrue(md.contains("![Latency against achieved rate](img/latency-vs-throughput.png)"), md);
    assertEquals(
        5, md.lines().filter(l -> l.matches("\\| [0-9,]+ \\| [0-9,]+ \\| .*")).count(), md);
  }

  @Test
  void replacesOnlyItsOwnSectionOfTheMarkdownFile() throws Exception {
    Path file = dir.resolve("benchmarks.md");
    Files.writeString(
        file,
        "# Benchmarks\n\nkept above\n\n"
            + MatrixReport.BEGIN
            + "\nold figures\n"
            + MatrixReport.END
            + "\n\nkept below\n");
    MatrixReport report =
        new MatrixReport(Scenario.BENIGN, Duration.ofSeconds(1), Duration.ofSeconds(2), runs());

    report.updateMarkdown(file, dir.resolve("img"));
    report.updateMarkdown(file, dir.resolve("img"));

    String text = Files.readString(file);
    assertTrue(text.startsWith("# Benchmarks\n\nkept above\n\n" + MatrixReport.BEGIN), text);
    assertTrue(text.endsWith(MatrixReport.END + "\n\nkept below\n"), text);
    assertTrue(!text.contains("old figures"), text);
    assertEquals(1, text.split(MatrixReport.BEGIN, -1).length - 1);
  }

  @Test
  void drawsBothChartsAsPng() throws Exception {
    new MatrixReport(Scenario.BENIGN, Duration.ofSeconds(1), Duration.ofSeconds(2), runs())
        .writeCharts(dir);

    for (String chart : List.of(MatrixReport.THROUGHPUT_CHART, MatrixReport.PERCENTILE_CHART)) {
      byte[] png = Files.readAllBytes(dir.resolve(chart));
      assertTrue(png.length > 5_000, chart + " " + png.length);
      assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G'}, Arrays.copyOf(png, 4), chart);
    }
  }
}
