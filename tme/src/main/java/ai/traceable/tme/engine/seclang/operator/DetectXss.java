package ai.traceable.tme.engine.seclang.operator;

import ai.traceable.tme.engine.detect.xss.XssDetector;

/**
 * {@code @detectXSS}, served by tme's own cross-site scripting detector ({@link XssDetector})
 * instead of libinjection.
 *
 * <p>Mapping: the value is inspected as it is (after the rule's transformations, which for CRS
 * already undo URL, HTML and JavaScript encodings), and the operator matches when the detector
 * reports a rule that is enabled at paranoia 1 with severity CRITICAL or ERROR (see {@link
 * DetectSqli#decisive}). With {@code capture}, {@code TX.0} is the detector rule id that matched.
 */
final class DetectXss implements Operator {
  private static final XssDetector DETECTOR = new XssDetector();

  @Override
  public boolean matches(String value, MatchContext ctx) {
    String[] found = new String[1];
    DETECTOR.inspect(
        value,
        (rule, snippet) -> {
          if (found[0] == null && DetectSqli.decisive(rule)) {
            found[0] = rule.id();
          }
        });
    if (found[0] != null && ctx != null && ctx.capturing()) {
      ctx.capture(0, found[0]);
    }
    return found[0] != null;
  }
}
