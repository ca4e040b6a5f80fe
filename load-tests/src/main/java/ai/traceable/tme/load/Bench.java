package ai.traceable.tme.load;

import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Benchmarks tme against the no-op ext_authz server: starts each as its own JVM (so neither shares
 * the generator's JVM), runs the same load against one and then the other, and prints a table with
 * tme's throughput as a ratio of the no-op server's and the CPU each server used per check. Exits 1
 * when any check failed, 2 for bad options or a server that did not start.
 *
 * <p>{@code java -cp load-tests/target/tme-load.jar ai.traceable.tme.load.Bench --help}
 */
public final class Bench {
  static final String USAGE =
      """
      usage: java -cp tme-load.jar ai.traceable.tme.load.Bench [options]
        --tme-jar FILE       tme's runnable jar                  [tme/target/tme.jar]
        --scenario NAME      benign | attack-mix | api-json | rate-limit-burst [benign]
        --connections N      HTTP/2 connections                  [4]
        --concurrency N      checks in flight per connection     [64]
        --rate N             open loop at N checks/s; 0 = closed loop  [0]
        --warmup D           per server, before measuring        [10s]
        --duration D         measured time per server            [20s]
        --server-jvm-opts S  JVM options of both servers
                             [-XX:ActiveProcessorCount=2 -Xms512m -Xmx512m]
        --log-dir DIR        where the servers' output goes      [a new temporary directory]
        --capture MODES      tme rows to measure, comma-separated: off (capture disabled),
                             on (exporting to a local OTLP sink), down (agent unreachable) [off]
        --protocol NAMES     ext_authz, ext_proc or both (comma-separated): one table per
                             protocol, each against its own no-op server; ext_proc sends a
                             whole exchange per stream to tme in TME_MODE=ext_proc [ext_authz]
        --json FILE          also write the results as JSON
        --quiet              no progress lines
        --help               this text
      """;

  private static final String HOST = "127.0.0.1";
  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
  private static final Set<String> OPTIONS =
      Set.of(
          "tme-jar",
          "scenario",
          "connections",
          "concurrency",
          "rate",
          "warmup",
          "duration",
          "server-jvm-opts",
          "log-dir",
          "capture",
          "protocol",
          "json");
  private static final Set<String> FLAGS = Set.of("quiet", "help");

  /** How to start one server and where it listens. */
  record ServerSpec(String name, List<String> command, Map<String, String> env, int port) {}

  private Bench() {}

  public static void main(String[] args) throws IOException, InterruptedException {
    System.exit(run(args, System.out, System.err));
  }

  static int run(String[] args, PrintStream out, PrintStream err)
      throws IOException, InterruptedException {
    Args parsed;
    LoadSettings load;
    Path tmeJar;
    try {
      parsed = Args.parse(args, OPTIONS, FLAGS);
      if (parsed.flag("help")) {
        out.print(USAGE);
        return 0;
      }
      load = loadSettings(parsed);
      tmeJar = Path.of(parsed.string("tme-jar", "tme/target/tme.jar"));
      if (!Files.isRegularFile(tmeJar)) {
        throw new IllegalArgumentException(
            tmeJar + " not found; build tme first or pass --tme-jar");
      }
    } catch (IllegalArgumentException e) {
      err.println(e.getMessage());
      err.print(USAGE);
      return 2;
    }
    Path logs =
        parsed.flag("log-dir")
            ? Files.createDirectories(Path.of(parsed.string("log-dir", ".")))
            : Files.createTempDirectory("tme-bench-");
    List<String> jvm =
        Arrays.asList(
            parsed
                .string("server-jvm-opts", "-XX:ActiveProcessorCount=2 -Xms512m -Xmx512m")
                .trim()
                .split("\\s+"));
    List<String> captureModes = List.of(parsed.string("capture", "off").split(","));
    for (String mode : captureModes) {
      if (!List.of("off", "on", "down").contains(mode)) {
        err.println("--capture: unknown mode '" + mode + "' (expected off, on, down)");
        err.print(USAGE);
        return 2;
      }
    }
    List<Protocol> protocols;
    try {
      protocols =
          java.util.Arrays.stream(parsed.string("protocol", "ext_authz").split(","))
              .map(Protocol::byName)
              .toList();
    } catch (IllegalArgumentException e) {
      err.println("--protocol: " + e.getMessage());
      err.print(USAGE);
      return 2;
    }
    List<BenchReport> reports = new ArrayList<>();
    try (OtlpSink sink = new OtlpSink(HOST)) {
      for (Protocol protocol : protocols) {
        LoadSettings speaking = load.withProtocol(protocol);
        List<BenchReport.Row> rows = new ArrayList<>();
        rows.add(measure(noop(jvm, protocol), speaking, logs, err));
        for (String mode : captureModes) {
          rows.add(measure(tme(jvm, tmeJar, mode, sink.endpoint(), protocol), speaking, logs, err));
        }
        reports.add(new BenchReport(rows));
      }
      if (captureModes.contains("on")) {
        err.printf(
            "== OTLP sink received %,d exports, %,d bytes%n",
            sink.requests.get(), sink.bytes.get());
      }
    } catch (IllegalStateException e) {
      err.println(e.getMessage());
      return 2;
    }
    for (int i = 0; i < reports.size(); i++) {
      printReport(out, load.withProtocol(protocols.get(i)), logs, reports.get(i));
      String json = parsed.string("json", null);
      if (json != null) {
        reports.get(i).writeJson(Path.of(i == 0 ? json : json + "." + protocols.get(i).cliName()));
      }
    }
    return reports.stream().anyMatch(BenchReport::hasErrors) ? 1 : 0;
  }

  private static void printReport(
      PrintStream out, LoadSettings load, Path logs, BenchReport report) {
    out.printf(
        "%s %s, %s loop, %d connections x %d, %s warm-up + %s measured per server; server logs"
            + " in %s%n",
        load.protocol().cliName(),
        load.scenario().cliName(),
        load.mode(),
        load.connections(),
        load.concurrency(),
        load.warmup(),
        load.duration(),
        logs);
    out.print(report.table());
  }

  static List<String> defaultJvm() {
    return List.of("-XX:ActiveProcessorCount=2", "-Xms512m", "-Xmx512m");
  }

  private static LoadSettings loadSettings(Args args) {
    return new LoadSettings(
        HOST,
        1,
        Scenario.byName(args.string("scenario", Scenario.BENIGN.cliName())),
        args.integer("connections", 4),
        args.integer("concurrency", 64),
        args.number("rate", 0),
        args.duration("warmup", Duration.ofSeconds(10)),
        args.duration("duration", Duration.ofSeconds(20)),
        Duration.ofSeconds(5),
        !args.flag("quiet"));
  }

  static ServerSpec noop(List<String> jvm) throws IOException {
    return noop(jvm, Protocol.EXT_AUTHZ);
  }

  /** The no-op server of {@code protocol} as its own JVM. */
  static ServerSpec noop(List<String> jvm, Protocol protocol) throws IOException {
    int port = freePort();
    List<String> command = new ArrayList<>();
    command.add(javaExecutable());
    command.addAll(jvm);
    command.addAll(
        List.of(
            "-cp",
            System.getProperty("java.class.path"),
            protocol == Protocol.EXT_PROC
                ? NoopExtProcServer.class.getName()
                : NoopAuthzServer.class.getName(),
            "--host",
            HOST,
            "--port",
            Integer.toString(port)));
    return new ServerSpec(
        protocol == Protocol.EXT_PROC ? "no-op-extproc" : "no-op", command, Map.of(), port);
  }

  private static ServerSpec tme(
      List<String> jvm, Path jar, String capture, String sink, Protocol protocol)
      throws IOException {
    String name =
        switch (capture) {
          case "on" -> "tme+capture";
          case "down" -> "tme+agent-down";
          default -> "tme";
        };
    if (protocol == Protocol.EXT_PROC) {
      return tme(name + "-extproc", jvm, jar, capture, sink, Map.of("TME_MODE", "ext_proc"));
    }
    return tme(name, jvm, jar, capture, sink, Map.of());
  }

  /**
   * tme as its own JVM on loopback ports.
   *
   * @param capture {@code off}, {@code on} (exporting to {@code sink}) or {@code down} (exporting
   *     to a port nobody listens on)
   * @param extraEnv further TME_* settings, for example rules or metrics switches
   */
  static ServerSpec tme(
      String name,
      List<String> jvm,
      Path jar,
      String capture,
      String sink,
      Map<String, String> extraEnv)
      throws IOException {
    int port = freePort();
    List<String> command = new ArrayList<>();
    command.add(javaExecutable());
    command.addAll(jvm);
    command.addAll(List.of("-jar", jar.toString()));
    Map<String, String> env = new java.util.LinkedHashMap<>();
    env.put("TME_GRPC_INTERFACE", HOST);
    env.put("TME_GRPC_PORT", Integer.toString(port));
    env.put("TME_MANAGEMENT_INTERFACE", HOST);
    env.put("TME_MANAGEMENT_PORT", Integer.toString(freePort()));
    env.put("TME_CAPTURE_ENABLED", Boolean.toString(!capture.equals("off")));
    env.put(
        "TME_CAPTURE_ENDPOINT",
        capture.equals("down") ? "http://" + HOST + ":" + freePort() + "/v1/traces" : sink);
    env.putAll(extraEnv);
    return new ServerSpec(name, command, Map.copyOf(env), port);
  }

  /** Starts the server, runs {@code load} against it (its port filled in), stops it. */
  static BenchReport.Row measure(ServerSpec spec, LoadSettings load, Path logs, PrintStream err)
      throws IOException, InterruptedException {
    LoadSettings settings = load.withPort(spec.port());
    Path log = logs.resolve(spec.name() + ".log");
    try (ServerProcess server = ServerProcess.start(spec.name(), spec.command(), spec.env(), log)) {
      server.awaitServing(HOST, spec.port(), START_TIMEOUT);
      CpuWindow cpu = new CpuWindow(server);
      err.println("== " + spec.name() + " serving; its output goes to " + log);
      LoadResult result = LoadGenerator.run(settings, cpu, err);
      int exit = server.stop();
      err.println("== " + spec.name() + ": " + result.summary() + "; exit status " + exit);
      return new BenchReport.Row(
          spec.name(), result, cpu.microsPerCheck(result.answered() + result.errors()), exit);
    }
  }

  /** Reads the server's CPU time when the measured window opens and closes. */
  private static final class CpuWindow implements MeasurementWindow {
    private final ServerProcess server;
    private OptionalLong before = OptionalLong.empty();
    private OptionalLong after = OptionalLong.empty();

    CpuWindow(ServerProcess server) {
      this.server = server;
    }

    @Override
    public void opened() {
      before = server.cpuTicks();
    }

    @Override
    public void closed() {
      after = server.cpuTicks();
    }

    double microsPerCheck(long checks) {
      if (before.isEmpty() || after.isEmpty() || checks == 0) {
        return -1;
      }
      long ticks = after.getAsLong() - before.getAsLong();
      return ticks * (1e6 / ServerProcess.TICKS_PER_SECOND) / checks;
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static String javaExecutable() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }
}
