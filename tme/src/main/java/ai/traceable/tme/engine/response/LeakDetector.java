package ai.traceable.tme.engine.response;

import java.util.List;

/**
 * One kind of data leak, looked for in a response body. Implementations are stateless, immutable
 * and thread-safe, and run in time linear in the text.
 */
public interface LeakDetector {
  /** The rule id findings carry ({@code leak-...}), as listed in docs/rules.md. */
  String ruleId();

  /** The class of leak, for {@code tme.response_categories}: {@code error}, {@code pii}, ... */
  String category();

  /** Adds where the leak appears in {@code text} to {@code out}; nothing when it does not. */
  void find(ResponseText text, List<LeakSpan> out);
}
