package ai.traceable.tme.engine.detect.sqli;

import ai.traceable.tme.engine.detect.DetectionRule;
import ai.traceable.tme.engine.detect.Detector;
import ai.traceable.tme.engine.detect.Hits;

/**
 * Reports what the shapes find in one value: each rule at most once (whatever the context it was
 * found in), only rules the detector's paranoia enables, with a snippet at the token that matched,
 * and remembers whether a critical rule hit (the detector stops then).
 */
final class SqlFindings extends SqlReader {
  private final SqliDetector detector;
  private final Hits hits;
  private long reported;
  private boolean critical;

  SqlFindings(SignificantTokens view, SqliDetector detector, Hits hits) {
    super(view);
    this.detector = detector;
    this.hits = hits;
  }

  boolean critical() {
    return critical;
  }

  void report(DetectionRule rule, int k) {
    reportAt(rule, start(k));
  }

  void reportAt(DetectionRule rule, int position) {
    if (!detector.enabled(rule)) {
      return;
    }
    long bit = SqliDetector.TABLE.bit(rule);
    if ((reported & bit) != 0) {
      return;
    }
    reported |= bit;
    if (rule.settles()) {
      critical = true;
    }
    hits.hit(rule, Detector.snippet(view.src, position));
  }
}
