package ai.traceable.tme.load;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;

/**
 * The load generator's command line ({@code java -jar tme-load.jar --help}). Parses options into
 * {@link LoadSettings}, runs {@link LoadGenerator}, prints a summary line and optionally writes
 * JSON. Exit status: 0 when every check was answered, 1 when any failed, 2 for bad options.
 */
public final class Cli {
  static final String USAGE =
      """
      usage: java -jar tme-load.jar [options]
        --target HOST:PORT   ext_authz server (h2c)                     [127.0.0.1:5442]
        --scenario NAME      benign | attack-mix | api-json | rate-limit-burst  [benign]
        --protocol NAME      ext_authz (one Check per request) | ext_proc (one stream per
                             request: request headers+body, response headers+body) [ext_authz]
        --connections N      HTTP/2 connections                         [4]
        --concurrency N      checks in flight per connection            [64]
                             (open loop: the most in flight per connection)
        --rate N             open loop at N checks/s in total; 0 = closed loop  [0]
        --warmup D           time before measuring, e.g. 10s            [10s]
        --duration D         measured time                              [30s]
        --timeout D          deadline of each check                     [5s]
        --json FILE          also write the result as JSON
        --quiet              no progress lines (they go to stderr)
        --help               this text
      """;

  private static final Set<String> OPTIONS =
      Set.of(
          "target",
          "scenario",
          "protocol",
          "connections",
          "concurrency",
          "rate",
          "warmup",
          "duration",
          "timeout",
          "json");
  private static final Set<String> FLAGS = Set.of("quiet", "help");

  private Cli() {}

  public static void main(String[] args) throws InterruptedException {
    System.exit(run(args, System.out, System.err));
  }

  /** Runs the command line and returns the exit status. */
  static int run(String[] args, PrintStream out, PrintStream err) throws InterruptedException {
    Args parsed;
    LoadSettings settings;
    try {
      parsed = Args.parse(args, OPTIONS, FLAGS);
      if (parsed.flag("help")) {
        out.print(USAGE);
        return 0;
      }
      settings = settings(parsed);
    } catch (IllegalArgumentException e) {
      err.println(e.getMessage());
      err.print(USAGE);
      return 2;
    }
    LoadResult result = LoadGenerator.run(settings, MeasurementWindow.NONE, err);
    out.println(result.summary());
    String json = parsed.string("json", null);
    if (json != null) {
      try {
        result.writeJson(Path.of(json));
      } catch (IOException e) {
        err.println("cannot write " + json + ": " + e.getMessage());
        return 1;
      }
    }
    return result.errors() == 0 && result.answered() > 0 ? 0 : 1;
  }

  static LoadSettings settings(Args args) {
    HostPort target = HostPort.parse(args.string("target", "127.0.0.1:5442"));
    return new LoadSettings(
        target.host(),
        target.port(),
        Scenario.byName(args.string("scenario", Scenario.BENIGN.cliName())),
        args.integer("connections", 4),
        args.integer("concurrency", 64),
        args.number("rate", 0),
        args.duration("warmup", Duration.ofSeconds(10)),
        args.duration("duration", Duration.ofSeconds(30)),
        args.duration("timeout", Duration.ofSeconds(5)),
        !args.flag("quiet"),
        Protocol.byName(args.string("protocol", Protocol.EXT_AUTHZ.cliName())));
  }
}
