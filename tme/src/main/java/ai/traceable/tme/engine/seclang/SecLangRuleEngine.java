package ai.traceable.tme.engine.seclang;

import ai.traceable.tme.engine.Decision;
import ai.traceable.tme.engine.Evaluation;
import ai.traceable.tme.engine.Finding;
import ai.traceable.tme.engine.RuleAction;
import ai.traceable.tme.engine.RuleEngine;
import ai.traceable.tme.engine.inspect.Inspection;
import ai.traceable.tme.engine.seclang.eval.SecLangEvaluator;
import ai.traceable.tme.engine.seclang.model.RuleSet;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs loaded SecLang rules (OWASP CRS, users' own) as a {@link RuleEngine} of tme's engine.
 *
 * <p>Every logged match becomes a {@link Finding}: rule id {@code seclang-<id>}, category the
 * rule's {@code attack-*} tag without its prefix ({@code sqli}, {@code rce}, ...) or {@code
 * seclang}, location the variable that matched ({@code ARGS:id}), snippet {@code msg} and {@code
 * logdata} in ModSecurity's bracketed form, and a score from the rule's severity with CRS's default
 * weights (critical 5, error 4, warning 3, notice 2; 0 for the rules that evaluate the anomaly
 * score, whose points are already counted). The SecLang rules decide their own denials: when they
 * end with an enforced disruptive action ({@code deny}, {@code drop}, or {@code block} under CRS's
 * anomaly threshold) the request is denied with tme's configured status; findings are then marked
 * {@link RuleAction#BLOCK}, otherwise {@link RuleAction#MONITOR}.
 *
 * <p>Immutable and thread-safe; no I/O.
 */
public final class SecLangRuleEngine implements RuleEngine {
  static final String ID_PREFIX = "seclang-";
  private static final int MAX_SNIPPET = 512;

  private final SecLangEvaluator evaluator;

  public SecLangRuleEngine(RuleSet rules) {
    this.evaluator = new SecLangEvaluator(rules);
  }

  /** The rules this engine runs. */
  public RuleSet rules() {
    return evaluator.rules();
  }

  @Override
  public void evaluate(Inspection request, Evaluation evaluation) {
    SecLangResult result = evaluator.evaluate(SecLangRequests.of(request.view()));
    boolean denies = result.denied();
    List<Finding> findings = findings(result, denies ? RuleAction.BLOCK : RuleAction.MONITOR);
    if (!findings.isEmpty()) {
      evaluation.addAll(findings);
    }
    if (denies) {
      evaluation.deny(Decision.Deny.CONFIGURED_STATUS);
    }
  }

  /** The findings of the logged matches of {@code result}. */
  static List<Finding> findings(SecLangResult result, RuleAction action) {
    List<Finding> out = new ArrayList<>(0);
    for (SecLangResult.MatchedRule m : result.matches()) {
      if (!m.logged() || m.id() == 0) {
        continue;
      }
      out.add(
          new Finding(
              ID_PREFIX + m.id(),
              category(m.tags()),
              action,
              text(m.matchedVar()),
              score(m),
              snippet(m)));
    }
    return out;
  }

  static String category(List<String> tags) {
    for (String tag : tags) {
      if (tag.startsWith("attack-") && tag.length() > "attack-".length()) {
        return tag.substring("attack-".length());
      }
    }
    return "seclang";
  }

  static int score(SecLangResult.MatchedRule m) {
    if (m.tags().contains("anomaly-evaluation")) {
      return 0;
    }
    return switch (m.severity()) {
      case 0, 1, 2 -> 5;
      case 3 -> 4;
      case 4 -> 3;
      case 5 -> 2;
      default -> 0;
    };
  }

  static String snippet(SecLangResult.MatchedRule m) {
    StringBuilder s = new StringBuilder();
    if (!m.msg().isEmpty()) {
      s.append("[msg \"").append(text(m.msg())).append("\"]");
    }
    if (!m.logdata().isEmpty()) {
      s.append(s.isEmpty() ? "" : " ").append("[data \"").append(text(m.logdata())).append("\"]");
    }
    return s.length() > MAX_SNIPPET ? s.substring(0, MAX_SNIPPET) : s.toString();
  }

  /** A byte string as Unicode text (its bytes read as UTF-8), for logs and capture. */
  private static String text(String byteString) {
    return new String(byteString.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
  }
}
