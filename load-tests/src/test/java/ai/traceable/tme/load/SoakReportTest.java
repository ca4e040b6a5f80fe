package ai.traceable.tme.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

class SoakReportTest {
  private static final long MIB = 1024 * 1024;
  private static final int SAMPLES = 9;

  /** A run at 1,000 checks/s sampled every 15 s, the server's state per sample from {@code at}. */
  private static SoakReport run(IntFunction<ServerProbe.Reading> at, Map<String, Long> errors) {
    List<SoakSample> samples = new ArrayList<>();
    samples.add(SoakSample.baseline(at.apply(0)));
    for (int i = 1; i < SAMPLES; i++) {
      samples.add(new SoakSample(15.0 * i, 1000, 300, 2000, 9000, 14_250, 750, 0, at.apply(i)));
    }
    return new SoakReport(samples, 1000, errors, SoakReport.Limits.DEFAULT);
  }

  private static ServerProbe.Reading steady(int i) {
    return new ServerProbe.Reading(60 * MIB + (i % 2) * MIB, 40, 30, 4);
  }

  @Test
  void aSteadyServerWithoutErrorsPasses() {
    SoakReport report = run(SoakReportTest::steady, Map.of());

    assertTrue(report.passed(), report::verdict);
    assertEquals(1000, report.achievedRate(), 1e-6);
    assertTrue(report.verdict().startsWith("PASS"), report::verdict);
  }

  @Test
  void aSingleFailedCheckFails() {
    SoakReport report = run(SoakReportTest::steady, Map.of("UNAVAILABLE", 1L));

    assertFalse(report.passed());
    assertTrue(report.failures().get(0).contains("UNAVAILABLE"), report::verdict);
  }

  @Test
  void aHeapThatGrowsEverySampleFails() {
    SoakReport report =
        run(i -> new ServerProbe.Reading(60 * MIB + i * 3 * MIB, 40, 30, 4), Map.of());

    assertEquals(24, report.fittedHeapGrowthMiB(), 1e-6);
    assertEquals(24 * 30, report.heapSlopeMiBPerHour(), 1e-6);
    assertFalse(report.passed());
    assertTrue(report.failures().get(0).startsWith("live heap grew 24.0 MiB"), report::verdict);
  }

  @Test
  void oneHighHeapReadingInTheMiddleIsNotGrowth() {
    SoakReport report =
        run(i -> new ServerProbe.Reading((i == 4 ? 90 : 60) * MIB, 40, 30, 4), Map.of());

    assertTrue(report.passed(), report::verdict);
  }

  @Test
  void threadsFdsAndActorsAboveTheirLimitsFail() {
    SoakReport report =
        run(
            i ->
                new ServerProbe.Reading(
                    60 * MIB,
                    40 + (i == SAMPLES - 1 ? 5 : 0),
                    30 + (i == SAMPLES - 1 ? 9 : 0),
                    4 + i / 4),
            Map.of());

    assertEquals(
        List.of(
            "Java threads grew by 5, more than 4",
            "open file descriptors grew by 9, more than 8",
            "connection actors grew by 2"),
        report.failures());
  }

  @Test
  void aRateBelowTheTargetFails() {
    List<SoakSample> samples = new ArrayList<>();
    samples.add(SoakSample.baseline(steady(0)));
    samples.add(new SoakSample(60, 900, 300, 2000, 9000, 54_000, 0, 0, steady(1)));
    samples.add(new SoakSample(120, 900, 300, 2000, 9000, 54_000, 0, 0, steady(2)));

    SoakReport report = new SoakReport(samples, 1000, Map.of(), SoakReport.Limits.DEFAULT);

    assertEquals(List.of("reached 900 checks/s of 1000 asked for"), report.failures());
  }

  @Test
  void csvAndTableHaveARowPerSample() {
    SoakReport report = run(SoakReportTest::steady, Map.of());

    String table = report.markdownTable();

    assertEquals(SAMPLES + 2, table.lines().count());
    assertTrue(table.contains("| 0:00 | - | - | - | 0 | 60.0 | 40 | 30 | 4 |"), table);
    assertTrue(table.contains("| 2:00 | 1,000 | 0.30 | 2.00 | 0 | 60.0 | 40 | 30 | 4 |"), table);
  }
}
