package ai.traceable.tme.engine.response;

import java.util.List;

/**
 * One rule that matched a response, with every place it matched.
 *
 * @param ruleId the detector's rule id
 * @param category the detector's class of leak
 * @param spans where it matched, as byte offsets into the body
 */
public record LeakFinding(String ruleId, String category, List<LeakSpan> spans) {
  public LeakFinding {
    spans = List.copyOf(spans);
  }
}
