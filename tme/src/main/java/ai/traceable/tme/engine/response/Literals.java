package ai.traceable.tme.engine.response;

import java.util.List;

/**
 * Finds fixed strings in the lower-cased text, each with {@link String#indexOf} (linear, and fast
 * for the few dozen markers the error detectors use). Package-private helper of those detectors.
 */
final class Literals {
  private final List<String> markers;

  /** Markers in lower case. */
  Literals(List<String> markers) {
    this.markers = List.copyOf(markers);
  }

  /** Every occurrence of every marker (at most {@code perMarker} each). */
  void find(ResponseText text, List<LeakSpan> out, int perMarker) {
    String lower = text.lower();
    for (String m : markers) {
      int from = 0;
      for (int n = 0; n < perMarker; n++) {
        int at = lower.indexOf(m, from);
        if (at < 0) {
          break;
        }
        out.add(new LeakSpan(at, at + m.length()));
        from = at + m.length();
      }
    }
  }
}
