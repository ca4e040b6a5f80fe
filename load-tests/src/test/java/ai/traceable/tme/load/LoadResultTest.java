package ai.traceable.tme.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LoadResultTest {
  static LoadResult sample(long errors, double throughput) {
    return new LoadResult(
        "127.0.0.1:5442",
        "attack-mix",
        "closed",
        4,
        64,
        0,
        15.0,
        142_500,
        7_500,
        errors,
        errors == 0 ? Map.of() : Map.of("DEADLINE_EXCEEDED", errors),
        throughput,
        new LoadResult.Latency(410, 800, 1_900, 4_200, 9_000, 480.5),
        List.of(new LoadResult.Percentile(50, 410), new LoadResult.Percentile(100, 9_000)));
  }

  @Test
  void roundTripsThroughJson(@TempDir Path dir) throws Exception {
    LoadResult result = sample(3, 10_000);
    Path file = dir.resolve("result.json");

    result.writeJson(file);

    assertEquals(result, LoadResult.readJson(file));
  }

  @Test
  void summarisesRateCountsAndPercentilesOnOneLine() {
    String line = sample(3, 10_000).summary();

    assertTrue(line.contains("10,000 checks/s"), line);
    assertTrue(line.contains("ok 142,500 denied 7,500 errors 3"), line);
    assertTrue(line.contains("DEADLINE_EXCEEDED=3"), line);
    assertTrue(line.contains("p99 1,900"), line);
    assertTrue(line.contains("closed loop 4 conn x 64"), line);
    assertEquals(1, line.lines().count());
  }

  @Test
  void takesPercentilesFromTheHistogram() {
    Histogram h = new Histogram(3);
    for (int i = 1; i <= 1000; i++) {
      h.recordValue(i);
    }

    LoadResult.Latency latency = LoadResult.Latency.of(h);

    assertEquals(500, latency.p50());
    assertEquals(990, latency.p99());
    assertEquals(999, latency.p999());
    assertEquals(1000, latency.max());
  }

  @Test
  void reportsZeroLatencyWhenNothingWasAnswered() {
    assertEquals(new LoadResult.Latency(0, 0, 0, 0, 0, 0), LoadResult.Latency.of(new Histogram(3)));
  }

  @Test
  void distributionRisesFromTheMedianToTheMaximumAndIsDenserInTheTail() {
    Histogram h = new Histogram(3);
    for (int i = 1; i <= 10_000; i++) {
      h.recordValue(i);
    }

    List<LoadResult.Percentile> d = LoadResult.Percentile.of(h);

    assertEquals(h.getMaxValue(), d.get(d.size() - 1).micros());
    assertEquals(100.0, d.get(d.size() - 1).percentile());
    for (int i = 1; i < d.size(); i++) {
      assertTrue(d.get(i).percentile() >= d.get(i - 1).percentile());
      assertTrue(d.get(i).micros() >= d.get(i - 1).micros());
    }
    long above99 = d.stream().filter(p -> p.percentile() > 99).count();
    long below50 = d.stream().filter(p -> p.percentile() < 50).count();
    assertTrue(above99 > below50, d.toString());
    assertTrue(LoadResult.Percentile.of(new Histogram(3)).isEmpty());
  }
}
