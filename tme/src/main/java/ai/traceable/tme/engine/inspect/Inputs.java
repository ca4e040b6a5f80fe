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

  /** Windows a long value is inspected in, at most; what lies beyond them is not inspected. */
  static final int MAX_WINDOWS = 8;

  /** Characters each window of a long value shares with the one before it. */
  static final int WINDOW_OVERLAP = 256;

  private boolean limited;
  private SeenNames names;

  /** Plain names shorter than this are not inspected. */
  static final int MIN_PLAIN_NAME = 5;

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
   * added a second time in decoded form, under the name suffixed with {@code (base64)}. A value
   * longer than {@code maxValueChars} is inspected in overlapping windows of that size, at most
   * {@link #MAX_WINDOWS} of them; only what lies past the last window is left out.
   */
  void add(Placement placement, String name, String raw, boolean plusIsSpace, boolean tryBase64) {
    if (raw == null || raw.isEmpty() || full()) {
      return;
    }
    int max = limits.maxValueChars();
    if (raw.length() <= max) {
      addWindow(placement, name, raw, plusIsSpace, tryBase64);
      return;
    }
    // windows overlap so that a payload cut by one boundary lies whole in the next window
    int step = max - Math.min(WINDOW_OVERLAP, max / 4);
    int start = 0;
    for (int w = 0; w < MAX_WINDOWS && start < raw.length() && !full(); w++) {
      int end = Math.min(raw.length(), start + max);
      addWindow(placement, name, raw.substring(start, end), plusIsSpace, tryBase64 && w == 0);
      if (end == raw.length()) {
        return;
      }
      start += step;
    }
    limited = true;
  }

  private void addWindow(
      Placement placement, String name, String value, boolean plusIsSpace, boolean tryBase64) {
    String decoded = Decoding.decode(value, plusIsSpace);
    values.add(new Inspected(placement, name, value, decoded));
    if (tryBase64 && decoded.length() >= 16) {
      addBase64(placement, name, decoded);
    }
  }

  /** Adds the base64 text {@code decoded} carries, if it carries any, as its own value. */
  private void addBase64(Placement placement, String name, String decoded) {
    String text = Decoding.base64Text(decoded);
    if (text != null && !full()) {
      values.add(
          new Inspected(placement, name + "(base64)", decoded, Decoding.decode(text, false)));
    }
  }

  /**
   * Adds a token that carries nothing as it stands (a plain path segment) only for the base64 text
   * it may decode to.
   */
  void addBase64Only(Placement placement, String name, String raw) {
    if (raw.length() >= 16 && raw.length() <= limits.maxValueChars() && !full()) {
      addBase64(placement, name, raw);
    }
  }

  /**
   * Adds a name (of an argument, cookie, key or field) once per request: names repeat (the keys of
   * every object in a JSON array), and each would otherwise take a value slot again. A plain name
   * (letters, digits, {@code _-.[]}) of fewer than {@link #MIN_PLAIN_NAME} characters is skipped:
   * it can spell no keyword any detector reports ({@code id}, {@code q}, {@code _ga}).
   */
  void addName(Placement placement, String name, String raw, boolean plusIsSpace) {
    if (raw == null || raw.length() < MIN_PLAIN_NAME && InputExtractor.isPlainName(raw) || full()) {
      return;
    }
    if (names == null) {
      names = new SeenNames();
    }
    if (!names.firstTime(placement, raw)) {
      return;
    }
    add(placement, name, raw, plusIsSpace, true);
  }

  /** Adds a value that is already decoded (JSON strings, XML text). */
  void addDecoded(Placement placement, String name, String value, boolean tryBase64) {
    add(placement, name, value, false, tryBase64);
  }
}
