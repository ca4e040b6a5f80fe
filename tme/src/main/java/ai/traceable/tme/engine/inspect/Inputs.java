package ai.traceable.tme.engine.inspect;

import ai.traceable.tme.engine.decode.Decoding;
import java.util.ArrayList;
import java.util.List;

/**
 * The values of one request that detectors inspect, each decoded once. Built by {@link
 * InputExtractor}; not thread-safe, owned by one evaluation.
 */
public final class Inputs {
  private final InspectionLimits limits;
  private final List<Inspected> values = new ArrayList<>();
  private boolean limited;
  private String bodyProblem = "";

  Inputs(InspectionLimits limits) {
    this.limits = limits;
  }

  public List<Inspected> values() {
    return values;
  }

  /** Whether some part of the request lay beyond an inspection limit. */
  public boolean limited() {
    return limited;
  }

  /** Why the body was inspected as plain text, or empty. */
  public String bodyProblem() {
    return bodyProblem;
  }

  void bodyProblem(String problem) {
    this.bodyProblem = problem;
  }

  void markLimited() {
    limited = true;
  }

  boolean full() {
    if (values.size() >= limits.maxValues()) {
      limited = true;
      return true;
    }
    return false;
  }

  /**
   * Adds a value, decoding it; empty values are skipped. Values that decode to base64 text are
   * added a second time in decoded form, under the name suffixed with {@code (base64)}.
   */
  void add(Placement placement, String name, String raw, boolean plusIsSpace, boolean tryBase64) {
    if (raw == null || raw.isEmpty() || full()) {
      return;
    }
    String value = raw;
    if (value.length() > limits.maxValueChars()) {
      value = value.substring(0, limits.maxValueChars());
      limited = true;
    }
    String decoded = Decoding.decode(value, plusIsSpace);
    values.add(new Inspected(placement, name, value, decoded));
    if (tryBase64 && decoded.length() >= 16) {
      String text = Decoding.base64Text(decoded);
      if (text != null && !full()) {
        values.add(
            new Inspected(placement, name + "(base64)", decoded, Decoding.decode(text, false)));
      }
    }
  }

  /** Adds a value that is already decoded (JSON strings, XML text). */
  void addDecoded(Placement placement, String name, String value, boolean tryBase64) {
    add(placement, name, value, false, tryBase64);
  }
}
