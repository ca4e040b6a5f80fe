package ai.traceable.tme.engine.detect.crlf;

import ai.traceable.tme.engine.detect.AttackClass;
import ai.traceable.tme.engine.detect.DetectionRule;
import ai.traceable.tme.engine.detect.Detector;
import ai.traceable.tme.engine.detect.Hits;
import ai.traceable.tme.engine.detect.RuleTable;
import ai.traceable.tme.engine.detect.Severity;
import ai.traceable.tme.engine.detect.Text;
import ai.traceable.tme.engine.inspect.Inspected;
import java.util.Set;

/**
 * An HTTP request smuggled inside a value or body: after a CRLF, a request line ({@code GET /admin
 * HTTP/1.1}) and, on the next CRLF-terminated line, a header. A backend that reads the body as the
 * next request on a kept-alive connection runs it with the proxy's trust. Both line ends must be
 * CRLF, as on the wire; pasted logs and prose quote requests inside lines, with LF or no break.
 * Linear in the length of the value.
 *
 * <p>Its rule belongs to the CRLF class (a second table of that class, {@code crlf-14x}), so rules
 * files switch it with the other CRLF rules; it is a detector of its own because it reads whole
 * lines where {@link CrlfDetector} judges line breaks.
 */
public final class SmuggledRequestDetector implements Detector {
  private static final RuleTable.Builder RULES = RuleTable.builder(AttackClass.CRLF);
  static final DetectionRule SMUGGLED_REQUEST =
      RULES.add(
          "crlf-140",
          Severity.CRITICAL,
          1,
          "HTTP request line and header after a CRLF (request smuggled in a value or body)");
  static final RuleTable TABLE = RULES.build();

  private static final Set<String> METHODS =
      Set.of("GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS", "CONNECT", "TRACE");

  @Override
  public RuleTable table() {
    return TABLE;
  }

  @Override
  public void inspect(Inspected value, Hits hits) {
    String s = value.decoded();
    int at = s.indexOf("\r\n");
    while (at >= 0) {
      int line = at + 2;
      int end = s.indexOf("\r\n", line);
      if (end < 0) {
        return;
      }
      if (requestLine(s, line, end) && headerLine(s, end + 2)) {
        hits.hit(SMUGGLED_REQUEST, Detector.snippet(s, line));
        return;
      }
      at = end;
    }
  }

  /** {@code METHOD SP target SP HTTP/d.d} exactly filling {@code s[from, to)}. */
  static boolean requestLine(String s, int from, int to) {
    // the method is at most 7 letters: looking further for its space would rescan the rest of the
    // value for every line, quadratic on a value of empty CRLF lines
    int sp = Text.indexOf(s, ' ', from, Math.min(to, from + 8));
    if (sp < 0 || !METHODS.contains(s.substring(from, sp))) {
      return false;
    }
    int sp2 = s.lastIndexOf(' ', to - 1);
    if (sp2 <= sp + 1 || to - sp2 != 9) {
      return false;
    }
    return s.startsWith("HTTP/", sp2 + 1)
        && Character.isDigit(s.charAt(sp2 + 6))
        && s.charAt(sp2 + 7) == '.'
        && Character.isDigit(s.charAt(sp2 + 8));
  }

  /** A {@code token:} line starting at {@code from}. */
  static boolean headerLine(String s, int from) {
    int i = from;
    while (i < s.length() && i - from < 64) {
      char c = s.charAt(i);
      if (c == ':') {
        return i > from;
      }
      if (!(Character.isLetterOrDigit(c) || c == '-' || c == '_')) {
        return false;
      }
      i++;
    }
    return false;
  }
}
