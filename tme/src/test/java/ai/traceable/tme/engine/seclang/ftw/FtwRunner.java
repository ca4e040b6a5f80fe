package ai.traceable.tme.engine.seclang.ftw;

import ai.traceable.tme.engine.seclang.SecLangResult;
import ai.traceable.tme.engine.seclang.eval.SecLangEvaluator;
import ai.traceable.tme.engine.seclang.model.RuleMeta;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Runs go-ftw cases through the SecLang evaluator directly and judges each one: it passes when
 * every expected id was logged and no forbidden id was, and any {@code match_regex} / {@code
 * no_match_regex} holds on log lines written as ModSecurity writes them ({@code [id "..."] [msg
 * "..."] [data "..."]}). Cases an authorization check cannot express are set apart with the reason.
 */
final class FtwRunner {

  /** The judgement of one case. */
  enum Verdict {
    PASS,
    FAIL,
    NOT_EXPRESSIBLE
  }

  /** One case's verdict, with the reason for anything but a pass. */
  record Result(FtwCase testCase, Verdict verdict, String reason) {}

  private final SecLangEvaluator evaluator;

  FtwRunner(SecLangEvaluator evaluator) {
    this.evaluator = evaluator;
  }

  Result run(FtwCase c) {
    if (c.file().startsWith("RESPONSE-")) {
      return notExpressible(
          c, "tests the response phases, which an authorization check never sees");
    }
    JsonNode out = c.output();
    if (out.has("expect_error")) {
      return notExpressible(c, "expects the server to break the connection");
    }
    JsonNode log = out.path("log");
    boolean checksLog =
        log.has("expect_ids")
            || log.has("no_expect_ids")
            || log.has("match_regex")
            || log.has("no_match_regex");
    if (!checksLog) {
      return notExpressible(c, "checks only the web server's HTTP status");
    }
    FtwRequest.Built built = FtwRequest.build(c.input());
    if (built instanceof FtwRequest.NotExpressible ne) {
      return notExpressible(c, ne.reason());
    }
    SecLangResult result = evaluator.evaluate(((FtwRequest.Ok) built).request());
    return judge(c, result, log);
  }

  private static Result judge(FtwCase c, SecLangResult result, JsonNode log) {
    Set<Long> logged = new HashSet<>(result.loggedIds());
    List<String> problems = new ArrayList<>();
    for (long id : c.expectIds()) {
      if (!logged.contains(id)) {
        problems.add("missing " + id);
      }
    }
    for (long id : c.noExpectIds()) {
      if (logged.contains(id)) {
        problems.add("unexpected " + id);
      }
    }
    List<String> lines = logLines(result);
    if (log.has("match_regex") && !anyFind(log.get("match_regex").asText(), lines)) {
      problems.add("no log line matches " + log.get("match_regex").asText());
    }
    if (log.has("no_match_regex") && anyFind(log.get("no_match_regex").asText(), lines)) {
      problems.add("a log line matches " + log.get("no_match_regex").asText());
    }
    return problems.isEmpty()
        ? new Result(c, Verdict.PASS, "")
        : new Result(c, Verdict.FAIL, String.join(", ", problems) + " (logged " + logged + ")");
  }

  private static boolean anyFind(String regex, List<String> lines) {
    Pattern p = Pattern.compile(regex);
    return lines.stream().anyMatch(l -> p.matcher(l).find());
  }

  /** One line per logged match, in ModSecurity's bracketed format. */
  static List<String> logLines(SecLangResult result) {
    List<String> lines = new ArrayList<>();
    for (SecLangResult.MatchedRule m : result.matches()) {
      if (!m.logged()) {
        continue;
      }
      StringBuilder line = new StringBuilder("ModSecurity: Warning. ");
      line.append("[id \"").append(m.id()).append("\"] ");
      line.append("[msg \"").append(escape(m.msg())).append("\"] ");
      line.append("[data \"").append(escape(m.logdata())).append("\"]");
      if (m.severity() >= 0) {
        line.append(" [severity \"").append(RuleMeta.SEVERITIES.get(m.severity())).append("\"]");
      }
      for (String tag : m.tags()) {
        line.append(" [tag \"").append(tag).append("\"]");
      }
      lines.add(line.toString());
    }
    return lines;
  }

  /**
   * ModSecurity's log escaping: quotes and backslashes escaped, other bytes outside 32..126 as
   * \\xHH.
   */
  static String escape(String bytes) {
    StringBuilder out = new StringBuilder(bytes.length());
    for (int i = 0; i < bytes.length(); i++) {
      char c = bytes.charAt(i);
      if (c == '"' || c == '\\') {
        out.append('\\').append(c);
      } else if (c < 32 || c > 126) {
        out.append(String.format("\\x%02x", (int) c & 0xff));
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  private static Result notExpressible(FtwCase c, String reason) {
    return new Result(c, Verdict.NOT_EXPRESSIBLE, reason);
  }
}
