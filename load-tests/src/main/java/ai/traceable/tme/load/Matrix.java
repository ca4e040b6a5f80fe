package ai.traceable.tme.load;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The published benchmark: every server of the matrix started as its own JVM and measured with the
 * same load, in one run, so every figure has the no-op baseline of the same machine and moment.
 *
 * <ol>
 *   <li>closed loop, 4 connections x 64 in flight: no-op, tme, tme with capture to a local sink,
 *       tme with the agent down, tme without per-check metrics;
 *   <li>closed loop, 1 connection x 256 in flight: no-op and tme with capture;
 *   <li>open loop, 4 connections: tme with capture at 10, 25, 50, 75 and 90% of its closed-loop
 *       throughput from step 1, for latency against load.
 * </ol>
 *
 * Writes {@code results.json} and two PNG charts into {@code --out}, and the report's tables into
 * {@code --markdown} between the {@code run-bench} markers. Used by {@code
 * load-tests/run-bench.sh}.
 */
public final class Matrix {
  static final String USAGE =
      """
      usage: java -cp tme-load.jar ai.traceable.tme.load.Matrix [options]
        --tme-jar FILE    tme's runnable jar                          [tme/target/tme.jar]
        --scenario NAME   benign | attack-mix | api-json              [benign]
        --warmup D        per run                                     [10s]
        --duration D      measured time per run                       [20s]
        --out DIR         results.json and the charts                 [docs/img]
        --markdown FILE   replace the run-bench section of this file  [docs/benchmarks.md]
        --quiet           no progress lines
        --help            this text
      """;

  static final double[] RATE_STEPS = {0.10, 0.25, 0.50, 0.75, 0.90};

  private static final String HOST = "127.0.0.1";
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /** One measured run and the part of the matrix it belongs to. */
  record Run(String group, BenchReport.Row row) {}

  private Matrix() {}

  public static void main(String[] args) throws IOException, InterruptedException {
    System.exit(run(args, System.out, System.err));
  }

  static int run(String[] args, PrintStream out, PrintStream err)
      throws IOException, InterruptedException {
    Args parsed;
    try {
      parsed =
          Args.parse(
              args,
              Set.of("tme-jar", "scenario", "warmup", "duration", "out", "markdown"),
              Set.of("quiet", "help"));
      if (parsed.flag("help")) {
        out.print(USAGE);
        return 0;
      }
    } catch (IllegalArgumentException e) {
      err.println(e.getMessage());
      err.print(USAGE);
      return 2;
    }
    Path jar = Path.of(parsed.string("tme-jar", "tme/target/tme.jar"));
    if (!Files.isRegularFile(jar)) {
      err.println(jar + " not found; build tme first or pass --tme-jar");
      return 2;
    }
    Scenario scenario = Scenario.byName(parsed.string("scenario", "benign"));
    Duration warmup = parsed.duration("warmup", Duration.ofSeconds(10));
    Duration duration = parsed.duration("duration", Duration.ofSeconds(20));
    boolean progress = !parsed.flag("quiet");
    Path outDir = Files.createDirectories(Path.of(parsed.string("out", "docs/img")));
    Path markdown = Path.of(parsed.string("markdown", "docs/benchmarks.md"));
    Path logs = Files.createTempDirectory("tme-matrix-");
    List<String> jvm = Bench.defaultJvm();
    List<Run> runs = new ArrayList<>();
    try (OtlpSink sink = new OtlpSink(HOST)) {
      String otlp = sink.endpoint();
      LoadSettings four = closed(scenario, 4, 64, warmup, duration, progress);
      runs.add(new Run("closed-4", Bench.measure(Bench.noop(jvm), four, logs, err)));
      runs.add(
          measure("closed-4", Bench.tme("tme", jvm, jar, "off", otlp, Map.of()), four, logs, err));
      BenchReport.Row captured =
          Bench.measure(Bench.tme("tme+capture", jvm, jar, "on", otlp, Map.of()), four, logs, err);
      runs.add(new Run("closed-4", captured));
      runs.add(
          measure(
              "closed-4",
              Bench.tme("tme+agent-down", jvm, jar, "down", otlp, Map.of()),
              four,
              logs,
              err));
      runs.add(
          measure(
              "closed-4",
              Bench.tme(
                  "tme-no-metrics",
                  jvm,
                  jar,
                  "off",
                  otlp,
                  Map.of("TME_MANAGEMENT_CHECK_METRICS", "false")),
              four,
              logs,
              err));

      LoadSettings one = closed(scenario, 1, 256, warmup, duration, progress);
      runs.add(new Run("closed-1", Bench.measure(Bench.noop(jvm), one, logs, err)));
      runs.add(
          measure(
              "closed-1",
              Bench.tme("tme+capture", jvm, jar, "on", otlp, Map.of()),
              one,
              logs,
              err));

      double max = captured.result().throughput();
      for (double step : RATE_STEPS) {
        LoadSettings open =
            new LoadSettings(
                HOST,
                1,
                scenario,
                4,
                256,
                Math.max(1, Math.round(max * step)),
                warmup,
                duration,
                Duration.ofSeconds(5),
                progress);
        runs.add(
            measure(
                "open", Bench.tme("tme+capture", jvm, jar, "on", otlp, Map.of()), open, logs, err));
      }
    } catch (IllegalStateException e) {
      err.println(e.getMessage());
      return 2;
    }
    JSON.writeValue(outDir.resolve("results.json").toFile(), runs);
    MatrixReport report = new MatrixReport(scenario, warmup, duration, runs);
    report.writeCharts(outDir);
    report.updateMarkdown(markdown, outDir);
    out.print(
        report.markdown(markdown.toAbsolutePath().getParent().relativize(outDir.toAbsolutePath())));
    return runs.stream().anyMatch(r -> r.row().result().errors() > 0) ? 1 : 0;
  }

  private static LoadSettings closed(
      Scenario scenario,
      int connections,
      int concurrency,
      Duration warmup,
      Duration duration,
      boolean progress) {
    return new LoadSettings(
        HOST,
        1,
        scenario,
        connections,
        concurrency,
        0,
        warmup,
        duration,
        Duration.ofSeconds(5),
        progress);
  }

  private static Run measure(
      String group, Bench.ServerSpec spec, LoadSettings load, Path logs, PrintStream err)
      throws IOException, InterruptedException {
    return new Run(group, Bench.measure(spec, load, logs, err));
  }
}
