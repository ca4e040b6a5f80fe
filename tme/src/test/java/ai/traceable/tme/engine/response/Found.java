package ai.traceable.tme.engine.response;

import java.util.ArrayList;
import java.util.List;

/** What a detector reports for one text, for the table tests. */
final class Found {
  private Found() {}

  /** The matched parts of {@code text}, in order. */
  static List<String> in(LeakDetector detector, String text) {
    List<LeakSpan> spans = new ArrayList<>();
    detector.find(ResponseText.of(text), spans);
    return spans.stream().map(s -> text.substring(s.start(), s.end())).toList();
  }
}
