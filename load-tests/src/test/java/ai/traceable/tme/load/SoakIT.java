package ai.traceable.tme.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The soak's short variant in the test command: tme (its own JVM, capture exporting to a local
 * sink) at 1,000 checks/s of the attack mix for two minutes, sampled every 15 s. Nothing may grow
 * past the soak's limits and no check may fail. The long run and its figures are in
 * docs/benchmarks.md.
 */
class SoakIT {
  private static final String HOST = "127.0.0.1";
  private static final Duration SAMPLE = Duration.ofSeconds(15);
  private static final Duration MEASURED = Duration.ofMinutes(2);

  @Test
  void twoMinutesAtASteadyRateGrowNothingAndFailNoCheck() throws Exception {
    Path jar = Path.of(System.getProperty("tme.jar", "../tme/target/tme.jar"));
    Path out =
        Files.createDirectories(
            Path.of(System.getProperty("tme.it.logs", "target/it-logs"), "soak"));
    LoadSettings load =
        new LoadSettings(
            HOST,
            1,
            Scenario.ATTACK_MIX,
            4,
            64,
            1000,
            Duration.ofSeconds(15),
            MEASURED,
            Duration.ofSeconds(5),
            true);
    List<String> jvm = List.of("-XX:ActiveProcessorCount=2", "-Xms256m", "-Xmx256m");
    try (OtlpSink sink = new OtlpSink(HOST)) {
      Bench.ServerSpec spec = Bench.tme("tme-soak", jvm, jar, "on", sink.endpoint(), Map.of());

      SoakReport report =
          Soak.soak(
              spec, load, SAMPLE, SoakReport.Limits.DEFAULT, out, "tme soak (test)", System.err);

      assertEquals(MEASURED.dividedBy(SAMPLE) + 1, report.samples().size(), report::verdict);
      assertEquals(0, report.errors(), report::verdict);
      assertTrue(report.fittedHeapGrowthMiB() <= 16, report::verdict);
      assertTrue(report.threadGrowth() <= 4, report::verdict);
      assertTrue(report.fdGrowth() <= 8, report::verdict);
      assertTrue(report.actorGrowth() <= 0, report::verdict);
      assertTrue(report.achievedRate() >= 950, report::verdict);
      assertTrue(report.passed(), report::verdict);
      assertTrue(sink.requests.get() > 0, "capture exported nothing to the sink");
      assertTrue(Files.size(out.resolve("soak.png")) > 0);
      assertEquals(report.samples().size() + 1, Files.readAllLines(out.resolve("soak.csv")).size());
    }
  }
}
