package ai.traceable.tme.load;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * What {@link ModSecCompare} runs, from its command line, validated: the files it needs exist for
 * the servers selected. Immutable.
 *
 * @param servers which of {@link CompareReport}'s servers run
 * @param inFlight requests in flight: HTTP connections to Apache, checks to tme
 * @param grpcConnections HTTP/2 connections to tme that share {@code inFlight}
 * @param logDir where output, generated configurations and Apache's directories go (readable by
 *     Apache's worker user)
 */
record CompareSettings(
    Path tmeJar,
    Path crs,
    Path apache,
    Path modules,
    List<Integer> paranoia,
    List<Scenario> scenarios,
    List<String> servers,
    int inFlight,
    int grpcConnections,
    Duration warmup,
    Duration duration,
    List<String> tmeJvm,
    Path logDir,
    boolean progress) {

  CompareSettings {
    paranoia = List.copyOf(paranoia);
    scenarios = List.copyOf(scenarios);
    servers = List.copyOf(servers);
    tmeJvm = List.copyOf(tmeJvm);
    if (inFlight < 1 || grpcConnections < 1 || grpcConnections > inFlight) {
      throw new IllegalArgumentException(
          "need 1 <= --grpc-connections <= --in-flight, got " + grpcConnections + ", " + inFlight);
    }
    if (paranoia.isEmpty() || scenarios.isEmpty() || servers.isEmpty()) {
      throw new IllegalArgumentException("--paranoia, --scenarios and --servers must not be empty");
    }
  }

  /** Parses and validates the options; creates the log directory. */
  static CompareSettings of(Args args, List<String> knownServers) throws IOException {
    List<String> servers =
        ModSecCompare.split(args.string("servers", String.join(",", knownServers)));
    for (String server : servers) {
      if (!knownServers.contains(server)) {
        throw new IllegalArgumentException(
            "--servers: unknown '" + server + "'; known: " + String.join(", ", knownServers));
      }
    }
    CompareSettings settings =
        new CompareSettings(
            Path.of(args.string("tme-jar", "tme/target/tme.jar")),
            Path.of(args.string("crs", "../shared/crs")).toAbsolutePath().normalize(),
            Path.of(args.string("apache", "/usr/sbin/apache2")),
            Path.of(args.string("modules", "/usr/lib/apache2/modules")),
            ModSecCompare.split(args.string("paranoia", "1")).stream()
                .map(Integer::parseInt)
                .toList(),
            ModSecCompare.split(args.string("scenarios", "benign,json-4k,api-json")).stream()
                .map(Scenario::byName)
                .toList(),
            servers,
            args.integer("in-flight", 16),
            args.integer("grpc-connections", 4),
            args.duration("warmup", Duration.ofSeconds(10)),
            args.duration("duration", Duration.ofSeconds(15)),
            Arrays.asList(
                args.string("tme-jvm-opts", "-XX:ActiveProcessorCount=2 -Xms1g -Xmx1g")
                    .trim()
                    .split("\\s+")),
            logDir(args.string("log-dir", null)),
            !args.flag("quiet"));
    settings.checkFiles();
    return settings;
  }

  /**
   * The ext_authz load on tme at {@code port}: the in-flight checks spread over the connections.
   */
  LoadSettings grpcLoad(int port, Scenario scenario) {
    return new LoadSettings(
        ModSecCompare.HOST,
        port,
        scenario,
        grpcConnections,
        Math.max(1, inFlight / grpcConnections),
        0,
        warmup,
        duration,
        Duration.ofSeconds(30),
        progress);
  }

  /** One line saying what was measured, for the top of the tables. */
  String describe() {
    return String.format(
        Locale.ROOT,
        "CRS %s at paranoia %s; request shapes %s; closed loop, %d requests in flight (Apache: %d"
            + " keep-alive connections; tme: %d HTTP/2 connections x %d); %s warm-up + %s measured"
            + " per server and shape; CPU = utime + stime of the server process (Apache: parent and"
            + " worker child) over the measured window / requests answered in it",
        crs,
        paranoia.stream().map(String::valueOf).collect(Collectors.joining(", ")),
        scenarios.stream().map(Scenario::cliName).collect(Collectors.joining(", ")),
        inFlight,
        inFlight,
        grpcConnections,
        Math.max(1, inFlight / grpcConnections),
        warmup,
        duration);
  }

  private void checkFiles() throws IOException {
    boolean tme = servers.stream().anyMatch(s -> s.startsWith("tme"));
    boolean httpd = servers.stream().anyMatch(s -> s.startsWith("apache"));
    if (tme && !Files.isRegularFile(tmeJar)) {
      throw new IllegalArgumentException(tmeJar + " not found; build tme or pass --tme-jar");
    }
    if (httpd && !Files.isExecutable(apache)) {
      throw new IllegalArgumentException(apache + " not found; install apache2-bin or --apache");
    }
    if (servers.contains(CompareReport.APACHE_MODSEC)
        && !Files.isRegularFile(modules.resolve("mod_security2.so"))) {
      throw new IllegalArgumentException(
          "mod_security2.so not in " + modules + "; install libapache2-mod-security2 or --modules");
    }
    if (servers.contains(CompareReport.TME_CRS) || servers.contains(CompareReport.APACHE_MODSEC)) {
      new CrsSetup(crs, 1).validate();
    }
  }

  private static Path logDir(String option) {
    try {
      Path dir =
          option == null
              ? Files.createTempDirectory("tme-modsec-")
              : Files.createDirectories(Path.of(option));
      // Apache's worker child may run as nobody and must reach the file it serves below this
      Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
      return dir.toAbsolutePath();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
