package ai.traceable.tme.cli;

import ai.traceable.tme.engine.Decision;
import ai.traceable.tme.engine.EngineMode;
import ai.traceable.tme.engine.Finding;
import ai.traceable.tme.engine.StagedEngine;
import ai.traceable.tme.engine.inspect.RequestJson;
import ai.traceable.tme.engine.inspect.RequestView;
import ai.traceable.tme.rules.RuleSet;
import ai.traceable.tme.rules.RulesException;
import ai.traceable.tme.rules.RulesLoader;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * {@code tme check}: evaluates requests from a JSON-lines file against a rules file, offline, and
 * prints one JSON line per request with the decision and findings. For rule authors, and for CI of
 * rules: lines that carry {@code "expect": "allow" | "deny"} are checked, and any mismatch makes
 * the exit status 1.
 *
 * <p>Input lines: {@code {"id": "...", "method": "GET", "path": "/a?b=c", "headers": {"name":
 * "value" or ["v1", "v2"]}, "body": "...", "bodyBase64": "...", "source": "203.0.113.7", "expect":
 * "deny"}}; every field but {@code path} is optional.
 */
public final class CheckCommand {
  static final String USAGE =
      """
      usage: java -jar tme.jar check [--rules FILE] [--mode block|monitor] [REQUESTS.jsonl | -]
        --rules FILE   rules file to evaluate (default: the bundled rules)
        --mode M       block (default) or monitor
        REQUESTS       JSON lines, one request each; '-' or nothing reads standard input
      exit status: 0 all expectations met, 1 a mismatch or an unreadable line, 2 bad usage or rules
      """;

  private static final ObjectMapper JSON = new ObjectMapper();

  private CheckCommand() {}

  /** Runs {@code tme check} with {@code args} (after "check"); returns the exit status. */
  public static int run(String[] args, InputStream stdin, PrintStream out, PrintStream err) {
    Path rulesFile = null;
    EngineMode mode = EngineMode.BLOCK;
    String input = "-";
    try {
      for (int i = 0; i < args.length; i++) {
        switch (args[i]) {
          case "--rules" -> rulesFile = Path.of(value(args, ++i, "--rules"));
          case "--mode" -> mode = EngineMode.parse(value(args, ++i, "--mode"));
          case "--help", "-h" -> {
            out.print(USAGE);
            return 0;
          }
          default -> {
            if (args[i].startsWith("--")) {
              throw new IllegalArgumentException("unknown option " + args[i]);
            }
            input = args[i];
          }
        }
      }
    } catch (IllegalArgumentException e) {
      err.println("tme check: " + e.getMessage());
      err.print(USAGE);
      return 2;
    }
    RuleSet rules;
    try {
      rules = rulesFile == null ? RulesLoader.loadBundled() : RulesLoader.load(rulesFile);
    } catch (RulesException e) {
      err.println("tme check: " + e.getMessage());
      return 2;
    }
    StagedEngine engine = rules.engine(mode);
    int lines = 0;
    int denied = 0;
    int mismatches = 0;
    int unreadable = 0;
    try (BufferedReader reader = reader(input, stdin)) {
      String line;
      while ((line = reader.readLine()) != null) {
        lines++;
        if (line.isBlank()) {
          continue;
        }
        JsonNode request;
        RequestView view;
        try {
          request = JSON.readTree(line);
          if (!request.isObject() || !request.path("path").isTextual()) {
            throw new IllegalArgumentException("a request needs a \"path\" string");
          }
          view = RequestJson.parse(request);
        } catch (JsonProcessingException | IllegalArgumentException e) {
          unreadable++;
          err.println("line " + lines + ": not a request: " + oneLine(e.getMessage()));
          continue;
        }
        Decision decision = engine.evaluate(view);
        boolean deny = decision instanceof Decision.Deny;
        denied += deny ? 1 : 0;
        ObjectNode result = result(request, lines, decision);
        String expect = request.path("expect").asText("");
        if (!expect.isEmpty()) {
          boolean ok = expect.equalsIgnoreCase(deny ? "deny" : "allow");
          result.put("expected", expect).put("ok", ok);
          mismatches += ok ? 0 : 1;
        }
        out.println(JSON.writeValueAsString(result));
      }
    } catch (IOException e) {
      err.println("tme check: cannot read " + input + ": " + e.getMessage());
      return 2;
    }
    err.printf(
        Locale.ROOT,
        "tme check: %d requests, %d denied, %d expectation mismatches, %d unreadable lines (rules %s)%n",
        lines,
        denied,
        mismatches,
        unreadable,
        rules.version());
    return mismatches == 0 && unreadable == 0 ? 0 : 1;
  }

  private static String value(String[] args, int i, String option) {
    if (i >= args.length) {
      throw new IllegalArgumentException(option + " needs a value");
    }
    return args[i];
  }

  private static BufferedReader reader(String input, InputStream stdin) throws IOException {
    InputStream in = input.equals("-") ? stdin : Files.newInputStream(Path.of(input));
    return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
  }

  private static ObjectNode result(JsonNode request, int line, Decision decision) {
    ObjectNode out = JSON.createObjectNode();
    out.put("id", request.path("id").asText("line-" + line));
    out.put("decision", decision.label());
    out.put("score", decision.findings().stream().mapToInt(Finding::score).sum());
    ArrayNode findings = out.putArray("findings");
    for (Finding f : decision.findings()) {
      findings
          .addObject()
          .put("rule", f.ruleId())
          .put("class", f.category())
          .put("action", f.action().name().toLowerCase(Locale.ROOT))
          .put("location", f.location())
          .put("score", f.score())
          .put("snippet", f.snippet());
    }
    return out;
  }

  private static String oneLine(String s) {
    return s == null ? "" : s.replaceAll("\\s*\\R\\s*", " ");
  }
}
