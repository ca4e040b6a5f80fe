package ai.traceable.tme.load;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The soak mode: starts tme as its own JVM (capture exporting to a local OTLP sink by default),
 * holds it at a steady open-loop rate for a long time, samples its live heap, Java threads, open
 * file descriptors, connection actors and the interval's p99, and judges whether anything grew.
 * Writes {@code soak.csv}, {@code soak.png}, {@code soak.md} (table and verdict) and tme's log into
 * the output directory. Exits 0 when the verdict passes, 1 when it does not, 2 for bad options or a
 * server that did not start.
 *
 * <p>{@code java -cp load-tests/target/tme-load.jar ai.traceable.tme.load.Soak --help}
 */
public final class Soak {
  static final String USAGE =
      """
      usage: java -cp tme-load.jar ai.traceable.tme.load.Soak [options]
        --tme-jar FILE       tme's runnable jar                  [tme/target/tme.jar]
        --scenario NAME      benign | attack-mix | api-json       [attack-mix]
        --rate N             checks/s, open loop                  [2000]
        --connections N      HTTP/2 connections                   [4]
        --concurrency N      most checks in flight per connection [64]
        --warmup D           at the rate, before the baseline     [30s]
        --duration D         measured time                        [30m]
        --sample D           time between samples                 [60s]
        --capture MODE       on (to a local OTLP sink) | off | down (agent unreachable) [on]
        --server-jvm-opts S  tme's JVM options
                             [-XX:ActiveProcessorCount=2 -Xms512m -Xmx512m]
        --heap-growth-mib N  live heap growth (fitted) still judged none  [16]
        --thread-growth N    Java threads more than the baseline still none [4]
        --fd-growth N        open fds more than the baseline still none  [8]
        --out DIR            where soak.csv, soak.png, soak.md, tme.log go [soak-results]
        --quiet              no progress lines
        --help               this text
      """;

  private static final String HOST = "127.0.0.1";
  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
  private static final Set<String> OPTIONS =
      Set.of(
          "tme-jar",
          "scenario",
          "rate",
          "connections",
          "concurrency",
          "warmup",
          "duration",
          "sample",
          "capture",
          "server-jvm-opts",
          "heap-growth-mib",
          "thread-growth",
          "fd-growth",
          "out");
  private static final Set<String> FLAGS = Set.of("quiet", "help");

  /** A finished soak: its report and where its files are. */
  record Outcome(SoakReport report, Path out, long exportsReceived) {}

  private Soak() {}

  public static void main(String[] args) throws IOException, InterruptedException {
    System.exit(run(args, System.out, System.err));
  }

  static int run(String[] args, PrintStream out, PrintStream err)
      throws IOException, InterruptedException {
    Args parsed;
    try {
      parsed = Args.parse(args, OPTIONS, FLAGS);
      if (parsed.flag("help")) {
        out.print(USAGE);
        return 0;
      }
    } catch (IllegalArgumentException e) {
      err.println(e.getMessage());
      err.print(USAGE);
      return 2;
    }
    Outcome outcome;
    try {
      outcome = soak(parsed, err);
    } catch (IllegalArgumentException | IllegalStateException e) {
      err.println(e.getMessage());
      return 2;
    }
    out.print(outcome.report().verdict());
    out.printf("  the OTLP sink received %,d exports%n", outcome.exportsReceived());
    out.println("samples, plot and table in " + outcome.out());
    return outcome.report().passed() ? 0 : 1;
  }

  /** Runs the soak the options describe. */
  static Outcome soak(Args args, PrintStream err) throws IOException, InterruptedException {
    Path jar = Path.of(args.string("tme-jar", "tme/target/tme.jar"));
    if (!Files.isRegularFile(jar)) {
      throw new IllegalArgumentException(jar + " not found; build tme first or pass --tme-jar");
    }
    String capture = args.string("capture", "on");
    if (!List.of("on", "off", "down").contains(capture)) {
      throw new IllegalArgumentException("--capture: expected on, off or down, was " + capture);
    }
    LoadSettings load =
        new LoadSettings(
            HOST,
            1,
            Scenario.byName(args.string("scenario", Scenario.ATTACK_MIX.cliName())),
            args.integer("connections", 4),
            args.integer("concurrency", 64),
            args.number("rate", 2000),
            args.duration("warmup", Duration.ofSeconds(30)),
            args.duration("duration", Duration.ofMinutes(30)),
            Duration.ofSeconds(5),
            !args.flag("quiet"));
    Duration sample = args.duration("sample", Duration.ofSeconds(60));
    SoakReport.Limits limits =
        new SoakReport.Limits(
            args.number("heap-growth-mib", SoakReport.Limits.DEFAULT.heapMiB()),
            args.integer("thread-growth", SoakReport.Limits.DEFAULT.threads()),
            args.integer("fd-growth", SoakReport.Limits.DEFAULT.fds()));
    List<String> jvm =
        Arrays.asList(
            args.string("server-jvm-opts", "-XX:ActiveProcessorCount=2 -Xms512m -Xmx512m")
                .trim()
                .split("\\s+"));
    Path out = Files.createDirectories(Path.of(args.string("out", "soak-results")));
    try (OtlpSink sink = new OtlpSink(HOST)) {
      Bench.ServerSpec spec = Bench.tme("tme", jvm, jar, capture, sink.endpoint(), Map.of());
      String title =
          String.format(
              "tme soak: %s at %,.0f checks/s, capture %s",
              load.scenario().cliName(), load.rate(), capture);
      SoakReport report = soak(spec, load, sample, limits, out, title, err);
      return new Outcome(report, out, sink.requests.get());
    }
  }

  /** Starts {@code spec}, soaks it, stops it and writes the report files into {@code out}. */
  static SoakReport soak(
      Bench.ServerSpec spec,
      LoadSettings load,
      Duration sample,
      SoakReport.Limits limits,
      Path out,
      String title,
      PrintStream err)
      throws IOException, InterruptedException {
    LoadSettings settings = load.withPort(spec.port());
    URI metrics =
        URI.create("http://" + HOST + ":" + spec.env().get("TME_MANAGEMENT_PORT") + "/metrics");
    SoakReport report;
    try (ServerProcess server =
        ServerProcess.start(spec.name(), spec.command(), spec.env(), out.resolve("tme.log"))) {
      server.awaitServing(HOST, spec.port(), START_TIMEOUT);
      err.printf(
          "== soak: %s at %.0f checks/s for %s, a sample every %s; tme's log in %s%n",
          load.scenario().cliName(), load.rate(), load.duration(), sample, server.log());
      report =
          new SoakRun(settings, sample, new ServerProbe(server.pid(), metrics), err).run(limits);
      int exit = server.stop();
      err.println("== tme exited with " + exit);
    }
    report.writeCsv(out.resolve("soak.csv"));
    Plots.soak(title, report.samples(), out.resolve("soak.png"));
    Files.writeString(
        out.resolve("soak.md"),
        report.markdownTable() + "\n```\n" + report.verdict() + "```\n",
        StandardCharsets.UTF_8);
    return report;
  }
}
