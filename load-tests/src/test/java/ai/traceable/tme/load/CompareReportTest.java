package ai.traceable.tme.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CompareReportTest {

  private static LoadResult result(long ok, long denied, long errors) {
    return new LoadResult(
        "t",
        "benign",
        "closed",
        16,
        1,
        0,
        10,
        ok,
        denied,
        errors,
        Map.of(),
        (ok + denied) / 10.0,
        new LoadResult.Latency(100, 200, 300, 400, 500, 150.0),
        List.of());
  }

  private static CompareReport.Row row(int paranoia, String scenario, String server, double cpu) {
    return new CompareReport.Row(paranoia, scenario, server, result(1000, 0, 0), cpu);
  }

  @Test
  void summaryHasEachWafsShareAndTheRatiosPerParanoiaAndShape() {
    CompareReport report =
        new CompareReport(
            List.of(
                row(1, "benign", CompareReport.TME_CRS, 60),
                row(0, "benign", CompareReport.TME, 20),
                row(1, "benign", CompareReport.APACHE_MODSEC, 1200),
                row(0, "benign", CompareReport.APACHE, 400)));

    String summary = report.summary();

    // tme + CRS 60, alone 20, CRS share 40; ModSecurity 1200 - 400 = 800; 1200/60, 800/40
    assertTrue(
        summary.contains(
            "| 1 | benign | 60.0 | 20.0 | 40.0 | 1,200.0 | 400.0 | 800.0 | 20.00x | 20.00x |"),
        summary);
  }

  @Test
  void aMissingRunLeavesItsCellsEmpty() {
    CompareReport report =
        new CompareReport(
            List.of(
                row(2, "json-4k", CompareReport.TME_CRS, 500),
                row(2, "json-4k", CompareReport.APACHE_MODSEC, -1)));

    assertTrue(
        report.summary().contains("| 2 | json-4k | 500.0 | - | - | - | - | - | - | - |"),
        report.summary());
  }

  @Test
  void listsEveryRunWithItsOutcomes() {
    CompareReport report =
        new CompareReport(
            List.of(
                new CompareReport.Row(
                    1, "api-json", CompareReport.APACHE_MODSEC, result(900, 100, 0), 812.34),
                new CompareReport.Row(0, "api-json", CompareReport.APACHE, result(10, 0, 3), 9)));

    String runs = report.runs();

    assertTrue(
        runs.contains("| 1 | api-json | apache+modsec | 100 | 100 | 300 | 812.3 | 900 | 100 | 0 |"),
        runs);
    assertTrue(runs.contains("| - | api-json | apache | 1 | 100 | 300 | 9.0 | 10 | 0 | 3 |"), runs);
    assertTrue(report.hasErrors());
    assertFalse(new CompareReport(List.of(report.rows().get(0))).hasErrors());
    assertEquals(report.summary() + "\n" + runs, report.markdown());
  }
}
