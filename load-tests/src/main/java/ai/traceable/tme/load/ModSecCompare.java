package ai.traceable.tme.load;

import io.envoyproxy.envoy.service.auth.v3.AuthorizationGrpc;
import io.envoyproxy.envoy.service.auth.v3.CheckResponse;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * tme with OWASP CRS against Apache httpd with ModSecurity 2 and the same CRS files, on this
 * machine, in one command: each WAF as its own process, the same requests (ext_authz Checks to tme,
 * the same HTTP requests to Apache), the CPU each process used per request over a measured window.
 * tme without CRS and Apache without ModSecurity run too, so each WAF's own share shows. Before any
 * measurement each WAF must deny {@link WafProbes}' attacks (and tme must name a CRS rule), so a
 * WAF that is not really on cannot look fast. Exits 1 when a run had errors, 2 for bad options or a
 * server that did not start, 3 when a WAF let a probe through.
 *
 * <p>{@code java -cp load-tests/target/tme-load.jar ai.traceable.tme.load.ModSecCompare --help}
 */
public final class ModSecCompare {
  static final String USAGE =
      """
      usage: java -cp tme-load.jar ai.traceable.tme.load.ModSecCompare [options]
        --tme-jar FILE       tme's runnable jar                  [tme/target/tme.jar]
        --crs DIR            an OWASP CRS release                [../shared/crs]
        --apache FILE        Apache httpd                        [/usr/sbin/apache2]
        --modules DIR        Apache's modules (with mod_security2.so) [/usr/lib/apache2/modules]
        --paranoia LIST      CRS paranoia levels, comma-separated [1]
        --scenarios LIST     request shapes, comma-separated (see Bench --scenario)
                             [benign,json-4k,api-json]
        --servers LIST       tme+crs, tme, apache+modsec, apache  [all four]
        --in-flight N        requests in flight: N HTTP connections to Apache; to tme
                             --grpc-connections connections x N/that       [16]
        --grpc-connections N HTTP/2 connections to tme           [4]
        --warmup D           per server and request shape        [10s]
        --duration D         measured time per server and shape  [15s]
        --tme-jvm-opts S     tme's JVM options [-XX:ActiveProcessorCount=2 -Xms1g -Xmx1g]
        --log-dir DIR        the servers' output and generated configs [a new temporary directory]
        --quiet              no progress lines
        --help               this text
      """;

  static final String HOST = "127.0.0.1";
  private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
  private static final Set<String> OPTIONS =
      Set.of(
          "tme-jar",
          "crs",
          "apache",
          "modules",
          "paranoia",
          "scenarios",
          "servers",
          "in-flight",
          "grpc-connections",
          "warmup",
          "duration",
          "tme-jvm-opts",
          "log-dir");
  private static final Set<String> FLAGS = Set.of("quiet", "help");
  private static final List<String> SERVERS =
      List.of(
          CompareReport.TME_CRS,
          CompareReport.TME,
          CompareReport.APACHE_MODSEC,
          CompareReport.APACHE);

  /** A probe a WAF answered wrongly. */
  static final class ProbeFailed extends Exception {
    ProbeFailed(String message) {
      super(message);
    }
  }

  private final CompareSettings settings;
  private final PrintStream err;

  private ModSecCompare(CompareSettings settings, PrintStream err) {
    this.settings = settings;
    this.err = err;
  }

  public static void main(String[] args) throws IOException, InterruptedException {
    System.exit(run(args, System.out, System.err));
  }

  static int run(String[] args, PrintStream out, PrintStream err)
      throws IOException, InterruptedException {
    CompareSettings settings;
    try {
      Args parsed = Args.parse(args, OPTIONS, FLAGS);
      if (parsed.flag("help")) {
        out.print(USAGE);
        return 0;
      }
      settings = CompareSettings.of(parsed, SERVERS);
    } catch (IllegalArgumentException e) {
      err.println(e.getMessage());
      err.print(USAGE);
      return 2;
    }
    CompareReport report;
    try {
      report = new ModSecCompare(settings, err).measureAll();
    } catch (IllegalStateException e) {
      err.println(e.getMessage());
      return 2;
    } catch (ProbeFailed e) {
      err.println("probe failed: " + e.getMessage());
      return 3;
    }
    out.println(settings.describe());
    out.println();
    out.print(report.markdown());
    return report.hasErrors() ? 1 : 0;
  }

  private CompareReport measureAll() throws IOException, InterruptedException, ProbeFailed {
    List<CompareReport.Row> rows = new ArrayList<>();
    for (int paranoia : settings.paranoia()) {
      if (settings.servers().contains(CompareReport.TME_CRS)) {
        rows.addAll(measureTme(paranoia));
      }
    }
    if (settings.servers().contains(CompareReport.TME)) {
      rows.addAll(measureTme(0));
    }
    for (int paranoia : settings.paranoia()) {
      if (settings.servers().contains(CompareReport.APACHE_MODSEC)) {
        rows.addAll(measureApache(paranoia));
      }
    }
    if (settings.servers().contains(CompareReport.APACHE)) {
      rows.addAll(measureApache(0));
    }
    return new CompareReport(rows);
  }

  /** tme with CRS at {@code paranoia}, or with no SecLang rules when it is 0. */
  private List<CompareReport.Row> measureTme(int paranoia)
      throws IOException, InterruptedException, ProbeFailed {
    String server = paranoia == 0 ? CompareReport.TME : CompareReport.TME_CRS;
    Map<String, String> env = new LinkedHashMap<>();
    // no time budget: a check that ran out of it would stop early and look cheap
    env.put("TME_ENGINE_TIME_BUDGET", "0s");
    if (paranoia > 0) {
      CrsSetup crs = new CrsSetup(settings.crs(), paranoia);
      env.put("TME_SECLANG_RULES", crs.tmeRules(crs.writeEngineConf(settings.logDir())));
      env.put("TME_SECLANG_PROFILE", "all");
    }
    String name = paranoia == 0 ? server : server + "-pl" + paranoia;
    Bench.ServerSpec spec =
        Bench.tme(
            name,
            settings.tmeJvm(),
            settings.tmeJar(),
            "off",
            "http://" + HOST + ":4318/v1/traces",
            Map.copyOf(env));
    Path log = settings.logDir().resolve(name + ".log");
    try (ServerProcess process = ServerProcess.start(name, spec.command(), spec.env(), log)) {
      process.awaitServing(HOST, spec.port(), START_TIMEOUT);
      err.println("== " + name + " serving; its output goes to " + log);
      probeTme(spec.port(), paranoia > 0);
      List<CompareReport.Row> rows = new ArrayList<>();
      for (Scenario scenario : settings.scenarios()) {
        CpuWindow cpu = new CpuWindow(process::cpuTicks);
        LoadResult result = LoadGenerator.run(settings.grpcLoad(spec.port(), scenario), cpu, err);
        err.println("== " + name + ": " + result.summary());
        rows.add(row(paranoia, scenario, server, result, cpu));
      }
      return rows;
    }
  }

  /** Apache with ModSecurity and CRS at {@code paranoia}, or Apache alone when it is 0. */
  private List<CompareReport.Row> measureApache(int paranoia)
      throws IOException, InterruptedException, ProbeFailed {
    String server = paranoia == 0 ? CompareReport.APACHE : CompareReport.APACHE_MODSEC;
    String name = paranoia == 0 ? server : server + "-pl" + paranoia;
    Path root = settings.logDir().resolve(name);
    Files.createDirectories(root);
    CrsSetup crs = paranoia == 0 ? null : new CrsSetup(settings.crs(), paranoia);
    ApacheConfig config =
        new ApacheConfig(
            root,
            freePort(),
            settings.modules(),
            // spare threads: at MaxRequestWorkers the event MPM closes idle keep-alive connections
            Math.max(32, 2 * settings.inFlight()),
            crs,
            crs == null ? null : crs.writeEngineConf(root),
            "root".equals(System.getProperty("user.name")));
    Path log = settings.logDir().resolve(name + ".log");
    try (ApacheServer apache = ApacheServer.start(name, settings.apache(), config, log)) {
      apache.awaitServing(START_TIMEOUT);
      err.println("== " + name + " serving; its error log is " + apache.errorLog());
      probeApache(apache, paranoia > 0);
      List<CompareReport.Row> rows = new ArrayList<>();
      for (Scenario scenario : settings.scenarios()) {
        List<byte[]> requests = new ArrayList<>();
        RequestPool pool = scenario.pool();
        for (int i = 0; i < pool.size(); i++) {
          requests.add(HttpRequests.toHttp(pool.get(i)));
        }
        CpuWindow cpu = new CpuWindow(apache::cpuTicks);
        LoadResult result =
            HttpLoad.run(
                HOST,
                apache.port(),
                scenario.cliName(),
                requests,
                settings.inFlight(),
                settings.warmup(),
                settings.duration(),
                cpu);
        err.println("== " + name + ": " + result.summary());
        rows.add(row(paranoia, scenario, server, result, cpu));
      }
      return rows;
    }
  }

  private static CompareReport.Row row(
      int paranoia, Scenario scenario, String server, LoadResult result, CpuWindow cpu) {
    return new CompareReport.Row(
        paranoia,
        scenario.cliName(),
        server,
        result,
        ProcStat.microsPer(cpu.before, cpu.after, result.answered() + result.errors()));
  }

  /** tme with CRS denies every attack and names a CRS rule for the one only CRS catches. */
  private void probeTme(int port, boolean crs) throws ProbeFailed, InterruptedException {
    ManagedChannel channel = NettyChannelBuilder.forAddress(HOST, port).usePlaintext().build();
    try {
      var stub = AuthorizationGrpc.newBlockingStub(channel);
      for (WafProbes.Probe probe : WafProbes.ATTACKS) {
        CheckResponse response =
            stub.withDeadlineAfter(10, TimeUnit.SECONDS).check(probe.request());
        boolean denied = response.getStatus().getCode() != 0;
        String ids = WafProbes.ruleIds(response);
        err.println("   probe '" + probe.name() + "': " + (denied ? "denied " : "allowed ") + ids);
        if (crs && !denied) {
          throw new ProbeFailed("tme with CRS let '" + probe.name() + "' through");
        }
        if (crs && probe == WafProbes.CONTENT_TYPE && !ids.contains("seclang-")) {
          throw new ProbeFailed("tme denied '" + probe.name() + "' without a CRS rule: " + ids);
        }
      }
    } finally {
      channel.shutdownNow();
      channel.awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  /** Apache with ModSecurity denies every attack (and logs it); Apache alone serves them. */
  private void probeApache(ApacheServer apache, boolean modSecurity)
      throws ProbeFailed, IOException {
    for (WafProbes.Probe probe : WafProbes.ATTACKS) {
      int status = HttpLoad.once(HOST, apache.port(), HttpRequests.toHttp(probe.request()));
      err.println("   probe '" + probe.name() + "': HTTP " + status);
      int expected = modSecurity ? 403 : 200;
      if (status != expected) {
        throw new ProbeFailed(
            "Apache answered '" + probe.name() + "' with " + status + ", expected " + expected);
      }
    }
    if (modSecurity
        && !Files.readString(apache.errorLog()).contains("ModSecurity: Access denied")) {
      throw new ProbeFailed("ModSecurity logged no denial in " + apache.errorLog());
    }
  }

  /** Reads a process's CPU ticks when the measured window opens and closes. */
  private static final class CpuWindow implements MeasurementWindow {
    private final Supplier<OptionalLong> ticks;
    private OptionalLong before = OptionalLong.empty();
    private OptionalLong after = OptionalLong.empty();

    CpuWindow(Supplier<OptionalLong> ticks) {
      this.ticks = ticks;
    }

    @Override
    public void opened() {
      before = ticks.get();
    }

    @Override
    public void closed() {
      after = ticks.get();
    }
  }

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  static List<String> split(String list) {
    return Arrays.stream(list.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
  }
}
