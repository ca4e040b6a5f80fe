package ai.traceable.tme.engine.response;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Runs every enabled {@link LeakDetector} over a response body and reports what matched. Bodies
 * that are not text (images, archives, octet streams) and compressed bodies (which would need
 * inflating first) are not inspected. Immutable and thread-safe; built once from the settings.
 */
public final class ResponseInspector {
  private static final List<LeakDetector> ALL =
      List.of(
          new SqlErrorLeak(),
          new FrameworkErrorLeak(),
          new StackTraceLeak(),
          new DirectoryListingLeak(),
          new CardNumberLeak(),
          new UsSsnLeak(),
          new UkNinoLeak(),
          new PrivateKeyLeak(),
          new CloudCredentialLeak());

  private static final List<String> TEXT_TYPES =
      List.of("json", "html", "xml", "text/", "javascript", "x-www-form-urlencoded", "yaml");

  private final List<LeakDetector> detectors;
  private final int maxBytes;

  /**
   * @param disabledRules rule ids left out
   * @param maxBytes body bytes read at most
   */
  public ResponseInspector(Set<String> disabledRules, int maxBytes) {
    this.detectors = ALL.stream().filter(d -> !disabledRules.contains(d.ruleId())).toList();
    this.maxBytes = maxBytes;
  }

  /** The rule ids of every detector there is, in the order they run. */
  public static List<String> ruleIds() {
    return ALL.stream().map(LeakDetector::ruleId).toList();
  }

  /**
   * Inspects a body.
   *
   * @param contentType the response's content type, possibly empty (then the body is read)
   * @param contentEncoding the response's content encoding, possibly empty
   */
  public LeakReport inspect(String contentType, String contentEncoding, byte[] body) {
    if (body.length == 0 || detectors.isEmpty() || !readable(contentType, contentEncoding)) {
      return LeakReport.NONE;
    }
    ResponseText text = ResponseText.of(body, maxBytes);
    List<LeakFinding> findings = new ArrayList<>(0);
    List<LeakSpan> spans = new ArrayList<>();
    for (LeakDetector d : detectors) {
      d.find(text, spans);
      if (!spans.isEmpty()) {
        findings.add(new LeakFinding(d.ruleId(), d.category(), spans));
        spans.clear();
      }
    }
    return new LeakReport(findings, text.length());
  }

  private static boolean readable(String contentType, String contentEncoding) {
    String enc = contentEncoding.trim().toLowerCase(Locale.ROOT);
    if (!enc.isEmpty() && !enc.equals("identity")) {
      return false;
    }
    if (contentType.isBlank()) {
      return true;
    }
    String type = contentType.toLowerCase(Locale.ROOT);
    for (String t : TEXT_TYPES) {
      if (type.contains(t)) {
        return true;
      }
    }
    return false;
  }
}
