package ai.traceable.tme.engine.detect;

/**
 * What one detector found in one value so far: for each rule of its table, the snippet of its first
 * match, and whether a critical rule matched (detectors stop looking then). Detectors that judge a
 * whole value before they report collect here and report at the end, in the order of their table,
 * so each rule is reported once. Not thread-safe; one per inspected value.
 */
public final class FoundRules {
  private final RuleTable table;
  private final String[] snippets;
  private boolean critical;

  public FoundRules(RuleTable table) {
    this.table = table;
    this.snippets = new String[table.size()];
  }

  /**
   * Records that {@code rule} matched at {@code at} of {@code text}; only its first match keeps a
   * snippet.
   */
  public void record(DetectionRule rule, String text, int at) {
    int i = table.indexOf(rule);
    if (snippets[i] == null) {
      snippets[i] = Detector.snippet(text, at);
    }
    if (rule.settles()) {
      critical = true;
    }
  }

  /** Whether a critical rule matched. */
  public boolean critical() {
    return critical;
  }

  /** Reports every rule that matched, in table order. */
  public void report(Hits hits) {
    for (int i = 0; i < snippets.length; i++) {
      if (snippets[i] != null) {
        hits.hit(table.get(i), snippets[i]);
      }
    }
  }

  /**
   * Reports in table order, but only the first matching rule of paranoia 1, so that one value adds
   * the score of one finding however many strong shapes it holds; rules of higher paranoia are all
   * reported.
   */
  public void reportOneAtParanoiaOne(Hits hits) {
    boolean strong = false;
    for (int i = 0; i < snippets.length; i++) {
      if (snippets[i] == null) {
        continue;
      }
      DetectionRule r = table.get(i);
      if (r.paranoia() == 1) {
        if (strong) {
          continue;
        }
        strong = true;
      }
      hits.hit(r, snippets[i]);
    }
  }
}
