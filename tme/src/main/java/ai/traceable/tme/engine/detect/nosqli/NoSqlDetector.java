package ai.traceable.tme.engine.detect.nosqli;

import ai.traceable.tme.engine.detect.AttackClass;
import ai.traceable.tme.engine.detect.DetectionRule;
import ai.traceable.tme.engine.detect.Detector;
import ai.traceable.tme.engine.detect.Hits;
import ai.traceable.tme.engine.detect.RuleTable;
import ai.traceable.tme.engine.detect.Severity;
import ai.traceable.tme.engine.detect.Text;
import ai.traceable.tme.engine.inspect.Inspected;
import ai.traceable.tme.engine.inspect.Placement;
import java.util.Locale;
import java.util.Set;

/**
 * NoSQL (MongoDB-style) operator injection: query operators where the application expects plain
 * values — as JSON keys ({@code {"password": {"$ne": null}}}), in bracketed parameter names ({@code
 * password[$ne]=x}), or as JSON text inside a parameter — and JavaScript in {@code $where} clauses.
 */
public final class NoSqlDetector implements Detector {
  private static final RuleTable.Builder RULES = RuleTable.builder(AttackClass.NOSQLI);
  static final DetectionRule OPERATOR_KEY =
      RULES.add("nosqli-100", Severity.CRITICAL, 1, "query operator as a JSON key");
  static final DetectionRule OPERATOR_PARAM =
      RULES.add("nosqli-110", Severity.CRITICAL, 1, "query operator in a bracketed parameter name");
  static final DetectionRule OPERATOR_JSON_TEXT =
      RULES.add("nosqli-120", Severity.CRITICAL, 1, "query operator in JSON text inside a value");
  static final DetectionRule WHERE_JS =
      RULES.add("nosqli-130", Severity.CRITICAL, 1, "JavaScript that rewrites a $where condition");
  static final RuleTable TABLE = RULES.build();

  private static final Set<String> OPERATORS =
      Set.of(
          "$ne",
          "$eq",
          "$gt",
          "$gte",
          "$lt",
          "$lte",
          "$in",
          "$nin",
          "$regex",
          "$where",
          "$exists",
          "$expr",
          "$or",
          "$and",
          "$nor",
          "$not",
          "$elemmatch",
          "$type",
          "$size",
          "$all",
          "$mod",
          "$text",
          "$jsonschema",
          "$function",
          "$accumulator",
          "$options",
          "$lookup",
          "$match",
          "$group",
          "$unionwith",
          "$out",
          "$merge");

  @Override
  public RuleTable table() {
    return TABLE;
  }

  @Override
  public void inspect(Inspected value, Hits hits) {
    Placement p = value.placement();
    if (p == Placement.JSON_KEY) {
      String key = Text.afterLastDot(value.decoded()).toLowerCase(Locale.ROOT);
      if (OPERATORS.contains(key)) {
        hits.hit(OPERATOR_KEY, Detector.snippet(value.decoded(), 0));
      }
      return;
    }
    String s = value.lower();
    if (s.indexOf('$') < 0
        && (p != Placement.JSON && p != Placement.QUERY && p != Placement.FORM
            || s.indexOf("return") < 0 && s.indexOf("this.") < 0)) {
      return;
    }
    if (p == Placement.QUERY_NAME || p == Placement.FORM_NAME) {
      int open = s.indexOf("[$");
      if (open >= 0) {
        int close = s.indexOf(']', open);
        String op = s.substring(open + 1, close < 0 ? s.length() : close);
        if (OPERATORS.contains(op)) {
          hits.hit(OPERATOR_PARAM, Detector.snippet(value.decoded(), open));
        }
      }
      return;
    }
    int quoteDollar = s.indexOf("\"$");
    if (quoteDollar >= 0 && s.indexOf('{') >= 0 && s.indexOf('{') < quoteDollar) {
      int end = s.indexOf('"', quoteDollar + 1);
      if (end > quoteDollar && OPERATORS.contains(s.substring(quoteDollar + 1, end))) {
        hits.hit(OPERATOR_JSON_TEXT, Detector.snippet(value.decoded(), quoteDollar));
        return;
      }
    }
    if (whereJs(s)) {
      hits.hit(WHERE_JS, Detector.snippet(value.decoded(), 0));
    }
  }

  /**
   * A break-out of a JavaScript string followed by a statement that makes a {@code $where}
   * condition always true or slow: {@code '; return true; var x='}, {@code ' || '1'=='1}, {@code
   * ';sleep(5000);'}, {@code this.password.match(/.* /)}.
   */
  private static boolean whereJs(String s) {
    boolean quote = s.indexOf('\'') >= 0 || s.indexOf('"') >= 0;
    if (!quote && !s.contains("this.")) {
      return false;
    }
    if (s.contains("return true") || s.contains("return(true)") || s.contains("return 1")) {
      return s.indexOf(';') >= 0;
    }
    if (s.contains("'=='") || s.contains("\"==\"")) {
      return s.contains("||");
    }
    if (s.contains("this.") && (s.contains(".match(") || s.contains("==") || s.contains("!="))) {
      return true;
    }
    return (s.contains(";sleep(") || s.contains("; sleep(")) && quote;
  }
}
