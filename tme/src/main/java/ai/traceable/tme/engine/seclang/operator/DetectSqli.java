package ai.traceable.tme.engine.seclang.operator;

import ai.traceable.tme.engine.detect.DetectionRule;
import ai.traceable.tme.engine.detect.Severity;
import ai.traceable.tme.engine.detect.sqli.SqliDetector;

/**
 * {@code @detectSQLi}, served by tme's own SQL injection detector ({@link SqliDetector}) instead of
 * libinjection.
 *
 * <p>Mapping: the value is inspected as it is (after the rule's transformations; bytes above 0x7F
 * stay single characters, which SQL syntax never needs), and the operator matches when the detector
 * reports a rule that is enabled at paranoia 1 with severity CRITICAL or ERROR, the detector's own
 * standard for a finding that blocks on its own. Weaker signals (obfuscation, catalogue names,
 * paranoia 2+ rules) do not match, as libinjection would not flag them either. With {@code
 * capture}, {@code TX.0} is the detector rule id that matched (for example {@code sqli-110}), where
 * ModSecurity puts libinjection's fingerprint.
 */
final class DetectSqli implements Operator {
  private static final SqliDetector DETECTOR = new SqliDetector();

  @Override
  public boolean matches(String value, MatchContext ctx) {
    String[] found = new String[1];
    DETECTOR.inspect(
        value,
        (rule, snippet) -> {
          if (found[0] == null && decisive(rule)) {
            found[0] = rule.id();
          }
        });
    if (found[0] != null && ctx != null && ctx.capturing()) {
      ctx.capture(0, found[0]);
    }
    return found[0] != null;
  }

  static boolean decisive(DetectionRule rule) {
    return rule.paranoia() == 1
        && (rule.severity() == Severity.CRITICAL || rule.severity() == Severity.ERROR);
  }
}
