package ai.traceable.tme.config;

import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Static headers sent with every export ({@code tme.capture.headers}): an API token, a tenant id.
 * The values are usually secrets, so {@link #toString()} shows the names only and no error message
 * quotes a value (nor a name that fails to parse, which may be half of one). Immutable.
 *
 * @param values header name to value, in the order given
 */
public record CaptureHeaders(Map<String, String> values) {
  /** No headers. */
  public static final CaptureHeaders NONE = new CaptureHeaders(Map.of());

  private static final String KEY = "tme.capture.headers";

  /** Set by the exporter itself or by the HTTP client; Pekko would also log such a value. */
  private static final Set<String> RESERVED =
      Set.of(
          "content-type",
          "content-length",
          "content-encoding",
          "transfer-encoding",
          "host",
          "connection");

  /**
   * @throws IllegalArgumentException naming the header when a name or value cannot be sent
   */
  public CaptureHeaders {
    Set<String> seen = new HashSet<>();
    for (Map.Entry<String, String> e : values.entrySet()) {
      String name = e.getKey();
      if (!isToken(name)) {
        throw new IllegalArgumentException(
            KEY + ": a header name is not a valid HTTP field name (letters, digits, -, _ ...)");
      }
      String lower = name.toLowerCase(Locale.ROOT);
      if (RESERVED.contains(lower)) {
        throw new IllegalArgumentException(
            KEY + ": '" + name + "' is set by tme's HTTP client and cannot be configured");
      }
      if (!seen.add(lower)) {
        throw new IllegalArgumentException(KEY + ": '" + name + "' is given more than once");
      }
      checkValue(name, e.getValue());
    }
    values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
  }

  /**
   * Parses OpenTelemetry's {@code OTEL_EXPORTER_OTLP_HEADERS} format: comma-separated {@code
   * key=value} pairs, whitespace around keys and values trimmed, values percent-decoded ({@code
   * %2C} for a comma, {@code %25} for a percent sign; a {@code +} stays a plus, as base64 tokens
   * need). Empty entries are skipped; an empty string means no headers.
   *
   * @throws IllegalArgumentException naming the entry's key (or its position when the key itself is
   *     unusable), never quoting a value
   */
  public static CaptureHeaders parse(String text) {
    Map<String, String> out = new LinkedHashMap<>();
    String[] entries = text.split(",", -1);
    for (int i = 0; i < entries.length; i++) {
      String entry = entries[i].trim();
      if (entry.isEmpty()) {
        continue;
      }
      int eq = entry.indexOf('=');
      if (eq < 0) {
        throw new IllegalArgumentException(
            KEY + ": entry " + (i + 1) + " is not key=value (it has no '=')");
      }
      String name = entry.substring(0, eq).trim();
      if (!isToken(name)) {
        throw new IllegalArgumentException(
            KEY + ": entry " + (i + 1) + " has no valid header name before its '='");
      }
      if (out.containsKey(name)) {
        throw new IllegalArgumentException(KEY + ": '" + name + "' is given more than once");
      }
      out.put(name, percentDecode(name, entry.substring(eq + 1).trim()));
    }
    return new CaptureHeaders(out);
  }

  /** From HOCON: a string in the OpenTelemetry format, or an object of name = value. */
  static CaptureHeaders fromConfig(ConfigValue value) {
    if (value.valueType() == ConfigValueType.STRING) {
      return parse((String) value.unwrapped());
    }
    if (value.valueType() != ConfigValueType.OBJECT) {
      throw new IllegalArgumentException(
          KEY + " must be a string (key=value,...) or an object of name = value");
    }
    Map<String, String> out = new LinkedHashMap<>();
    for (Map.Entry<String, ConfigValue> e : ((ConfigObject) value).entrySet()) {
      ConfigValueType type = e.getValue().valueType();
      if (type != ConfigValueType.STRING && type != ConfigValueType.NUMBER) {
        throw new IllegalArgumentException(KEY + "." + e.getKey() + " must be a string");
      }
      out.put(e.getKey(), String.valueOf(e.getValue().unwrapped()).trim());
    }
    return new CaptureHeaders(out);
  }

  /** The header names, for logs and messages; the values are left out on purpose. */
  @Override
  public String toString() {
    return "CaptureHeaders" + values.keySet() + " (values hidden)";
  }

  private static void checkValue(String name, String value) {
    if (value.isEmpty()) {
      throw new IllegalArgumentException(
          KEY + ": '" + name + "' has an empty value (is the secret it comes from set?)");
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if ((c < 0x20 && c != '\t') || c >= 0x7f) {
        throw new IllegalArgumentException(
            KEY
                + ": the value of '"
                + name
                + "' has a control or non-ASCII character (at position "
                + (i + 1)
                + "); only printable ASCII can be sent");
      }
    }
  }

  /**
   * Decodes {@code %XX} escapes byte by byte; a decoded byte outside printable ASCII is then
   * refused by {@link #checkValue}, so no charset question arises.
   */
  private static String percentDecode(String name, String value) {
    if (value.indexOf('%') < 0) {
      return value;
    }
    StringBuilder out = new StringBuilder(value.length());
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c != '%') {
        out.append(c);
        continue;
      }
      int hi = i + 2 < value.length() ? Character.digit(value.charAt(i + 1), 16) : -1;
      int lo = hi < 0 ? -1 : Character.digit(value.charAt(i + 2), 16);
      if (lo < 0) {
        throw new IllegalArgumentException(
            KEY
                + ": the value of '"
                + name
                + "' has a '%' not followed by two hex digits (write a literal % as %25)");
      }
      out.append((char) (hi << 4 | lo));
      i += 2;
    }
    return out.toString();
  }

  /** RFC 9110 token: the characters a field name may have. */
  private static boolean isToken(String s) {
    if (s.isEmpty()) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean ok =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
      if (!ok) {
        return false;
      }
    }
    return true;
  }
}
