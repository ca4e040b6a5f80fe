package ai.traceable.tme.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class BenchReportTest {
  private static final BenchReport.Row NOOP =
      new BenchReport.Row("no-op", LoadResultTest.sample(0, 20_000), 40.0, 0);
  private static final BenchReport.Row TME =
      new BenchReport.Row("tme", LoadResultTest.sample(0, 5_000), -1, 0);

  @Test
  void expressesThroughputAsRatioOfTheBaseline() {
    BenchReport report = new BenchReport(List.of(NOOP, TME));

    assertEquals(1.0, report.throughputRatio(NOOP));
    assertEquals(0.25, report.throughputRatio(TME));
  }

  @Test
  void printsOneRowPerServerWithUnknownCpuAsNa() {
    List<String> lines = new BenchReport(List.of(NOOP, TME)).table().lines().toList();

    assertEquals(3, lines.size());
    assertTrue(lines.get(0).contains("vs no-op"), lines.get(0));
    assertTrue(lines.get(1).startsWith("no-op"), lines.get(1));
    assertTrue(lines.get(1).contains("20,000") && lines.get(1).contains("40.0"), lines.get(1));
    assertTrue(lines.get(2).contains("n/a") && lines.get(2).endsWith("0.25"), lines.get(2));
  }

  @Test
  void hasErrorsWhenAnyRunHadOne() {
    BenchReport.Row failing = new BenchReport.Row("tme", LoadResultTest.sample(1, 5_000), 1, 0);

    assertFalse(new BenchReport(List.of(NOOP, TME)).hasErrors());
    assertTrue(new BenchReport(List.of(NOOP, failing)).hasErrors());
  }
}
