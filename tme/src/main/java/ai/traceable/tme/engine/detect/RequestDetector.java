package ai.traceable.tme.engine.detect;

import ai.traceable.tme.engine.inspect.Inspected;
import ai.traceable.tme.engine.inspect.Inspection;

/**
 * A detector that also judges the request as a whole: what no single value shows, such as a
 * redirect parameter pointing away from the request's own host, a session id arriving from another
 * site's link, or two framing headers that disagree. {@link DetectionStage} calls {@link
 * #inspectRequest} once per request, before the values, for every such detector with an active
 * rule. Implementations are immutable and thread-safe, and bounded by the number of values and
 * headers (no per-request state beyond the call).
 */
public interface RequestDetector extends Detector {

  /**
   * Inspects the request and reports every rule that matched, each with the value that shows it.
   * Must not throw on any input.
   */
  void inspectRequest(Inspection request, RequestHits hits);

  /** Receives what a request-level detector finds. Not thread-safe; one per evaluation. */
  @FunctionalInterface
  interface RequestHits {
    /**
     * Reports that {@code rule} matched.
     *
     * @param where the value that shows it (its location names the finding; exclusions apply to
     *     it); a detector judging a header or the method builds one for it
     * @param snippet the part that matched, short
     */
    void hit(DetectionRule rule, Inspected where, String snippet);
  }
}
