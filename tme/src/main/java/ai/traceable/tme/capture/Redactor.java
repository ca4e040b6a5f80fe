package ai.traceable.tme.capture;

import ai.traceable.tme.config.CaptureSettings;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.google.re2j.Pattern;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Removes secrets before they leave the process: configured header values, and body fields (JSON
 * keys at any depth, form fields, multipart fields, XML elements and attributes) whose name is
 * listed or matches a pattern. Values are replaced by a fixed marker or by a short SHA-256 hash (so
 * equal secrets stay correlatable without being readable). Bodies of other types are kept as they
 * are.
 *
 * <p>Where it applies: capture redacts in one place, {@link SpanEncoder#attributes}, which passes
 * every header value ({@link #headerValue}) and the body ({@link #body}) through it as a span is
 * written; the denial log passes request targets through {@link #target}. Immutable and
 * thread-safe.
 */
public final class Redactor {
  /** What replaces a redacted value. */
  public enum Strategy {
    REDACT,
    HASH;

    public static Strategy parse(String value) {
      return switch (value.trim().toLowerCase(Locale.ROOT)) {
        case "redact" -> REDACT;
        case "hash" -> HASH;
        default ->
            throw new IllegalArgumentException(
                "unknown redaction strategy '" + value + "' (expected redact or hash)");
      };
    }
  }

  static final String MARKER = "[REDACTED]";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Set<String> headers;
  private final Set<String> fields;
  private final Pattern fieldPattern;
  private final Strategy strategy;

  /**
   * @param headers header names (case-insensitive) whose values are redacted
   * @param fields body field names (case-insensitive) whose values are redacted
   * @param fieldPattern RE2 pattern; field names it finds a match in are redacted too (empty: none)
   */
  public Redactor(
      List<String> headers, List<String> fields, String fieldPattern, Strategy strategy) {
    this.headers = lower(headers);
    this.fields = lower(fields);
    this.fieldPattern =
        fieldPattern == null || fieldPattern.isBlank()
            ? null
            : Pattern.compile(fieldPattern, Pattern.CASE_INSENSITIVE);
    this.strategy = strategy;
  }

  /** The redaction the capture settings describe (also used for denial log lines). */
  public static Redactor of(CaptureSettings settings) {
    return new Redactor(
        settings.redactHeaders(),
        settings.redactFields(),
        settings.redactFieldPattern(),
        Strategy.parse(settings.redactStrategy()));
  }

  private static Set<String> lower(List<String> names) {
    return names.stream()
        .map(n -> n.trim().toLowerCase(Locale.ROOT))
        .collect(Collectors.toUnmodifiableSet());
  }

  /**
   * A request body with the values of sensitive fields replaced: JSON (any content type naming
   * json), form, multipart ({@link MultipartRedaction}) and XML (any content type naming xml,
   * {@link XmlRedaction}) bodies; JSON that does not parse, or multipart without a usable boundary,
   * is replaced whole when any field is configured, as its fields cannot be told apart. Other
   * bodies are returned as they are.
   *
   * @param contentType the request's content type, any case; empty when it had none
   */
  public String body(String body, String contentType) {
    if (body.isEmpty()) {
      return body;
    }
    String type = contentType.toLowerCase(Locale.ROOT);
    if (type.startsWith("multipart/")) {
      // the boundary is case-sensitive: read it from the type as sent
      return fieldsPresent() ? MultipartRedaction.redact(body, contentType, this) : body;
    }
    return redactBody(body, type);
  }

  /**
   * A request target ({@code /path?query}) with the values of sensitive query parameters replaced,
   * for places such as log lines that show where a request went.
   */
  public String target(String target) {
    int q = target.indexOf('?');
    if (q < 0 || !fieldsPresent()) {
      return target;
    }
    return target.substring(0, q + 1) + form(target.substring(q + 1));
  }

  /** The value to export for a header: itself, or its replacement when the header is redacted. */
  public String headerValue(String name, String value) {
    return headers.contains(name) ? replace(value) : value;
  }

  boolean sensitiveField(String name) {
    String n = name.toLowerCase(Locale.ROOT);
    return fields.contains(n) || fieldPattern != null && fieldPattern.matcher(n).find();
  }

  private String redactBody(String body, String contentType) {
    if (contentType.contains("json")) {
      try {
        JsonNode tree = JSON.readTree(body);
        if (tree != null && redactJson(tree)) {
          return JSON.writeValueAsString(tree);
        }
        return body;
      } catch (JsonProcessingException e) {
        // truncated or invalid JSON cannot be redacted by field: keep nothing rather than leak
        return fieldsPresent() ? MARKER : body;
      }
    }
    if (contentType.startsWith("application/x-www-form-urlencoded")) {
      return form(body);
    }
    if (contentType.contains("xml") && fieldsPresent()) {
      return XmlRedaction.redact(body, this);
    }
    return body;
  }

  private boolean fieldsPresent() {
    return !fields.isEmpty() || fieldPattern != null;
  }

  private boolean redactJson(JsonNode node) {
    boolean changed = false;
    if (node instanceof ObjectNode object) {
      Iterator<Map.Entry<String, JsonNode>> it = object.fields();
      while (it.hasNext()) {
        Map.Entry<String, JsonNode> e = it.next();
        if (sensitiveField(e.getKey()) && !e.getValue().isContainerNode()) {
          e.setValue(TextNode.valueOf(replace(e.getValue().asText())));
          changed = true;
        } else if (sensitiveField(e.getKey())) {
          e.setValue(TextNode.valueOf(MARKER));
          changed = true;
        } else {
          changed |= redactJson(e.getValue());
        }
      }
    } else if (node instanceof ArrayNode array) {
      for (JsonNode child : array) {
        changed |= redactJson(child);
      }
    }
    return changed;
  }

  private String form(String body) {
    StringBuilder out = new StringBuilder(body.length());
    for (String pair : body.split("&", -1)) {
      if (out.length() > 0) {
        out.append('&');
      }
      int eq = pair.indexOf('=');
      String name = eq < 0 ? pair : pair.substring(0, eq);
      String decodedName;
      try {
        decodedName = URLDecoder.decode(name, StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        decodedName = name;
      }
      if (eq >= 0 && sensitiveField(decodedName)) {
        String value;
        try {
          value = URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
          value = pair.substring(eq + 1);
        }
        out.append(name)
            .append('=')
            .append(URLEncoder.encode(replace(value), StandardCharsets.UTF_8));
      } else {
        out.append(pair);
      }
    }
    return out.toString();
  }

  String replace(String value) {
    if (strategy == Strategy.REDACT) {
      return MARKER;
    }
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
      return "sha256:" + HexFormat.of().formatHex(digest, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      return MARKER;
    }
  }
}
