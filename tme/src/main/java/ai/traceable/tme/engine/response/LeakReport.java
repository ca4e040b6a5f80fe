package ai.traceable.tme.engine.response;

import java.util.Arrays;
import java.util.List;

/**
 * What response inspection found in one body: the rules that matched and where. Immutable.
 *
 * @param findings one per rule that matched, in detector order
 * @param inspectedBytes how much of the body was read
 */
public record LeakReport(List<LeakFinding> findings, int inspectedBytes) {
  /** Nothing inspected or nothing found. */
  public static final LeakReport NONE = new LeakReport(List.of(), 0);

  public LeakReport {
    findings = List.copyOf(findings);
  }

  public boolean isEmpty() {
    return findings.isEmpty();
  }

  /** Matched rule ids, comma-separated. */
  public String ruleIds() {
    return String.join(",", findings.stream().map(LeakFinding::ruleId).toList());
  }

  /** Matched classes of leak without duplicates, comma-separated. */
  public String categories() {
    return String.join(",", findings.stream().map(LeakFinding::category).distinct().toList());
  }

  /**
   * A copy of {@code body} with every matched span overwritten by {@code *}, byte for byte, so its
   * length (and any Content-Length) stays right.
   */
  public byte[] redact(byte[] body) {
    byte[] copy = Arrays.copyOf(body, body.length);
    for (LeakFinding f : findings) {
      for (LeakSpan s : f.spans()) {
        Arrays.fill(
            copy, Math.min(s.start(), copy.length), Math.min(s.end(), copy.length), (byte) '*');
      }
    }
    return copy;
  }
}
