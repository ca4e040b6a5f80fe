package ai.traceable.tme.engine.seclang.ftw;

import ai.traceable.tme.engine.seclang.SecLangRequest;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Builds the request a go-ftw {@code input} describes, the way go-ftw puts it on the wire: headers
 * once each and in name order; with {@code autocomplete_headers} (the default) a form Content-Type
 * when there is data and none was given, form data whose keys and values are percent-encoded when
 * they were written unencoded, {@code Connection: close}, and a Content-Length; LF line ends of a
 * multipart body turned into CRLF. A request that Envoy would refuse before any filter runs (a
 * broken request line, framing or header) is reported as not expressible instead.
 */
final class FtwRequest {

  private static final Pattern METHODS_WITH_BODY = Pattern.compile("^POST|PUT|PATCH|DELETE$");
  private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");

  /** Either a request or why it cannot be sent as an authorization check. */
  sealed interface Built {}

  record Ok(SecLangRequest request) implements Built {}

  record NotExpressible(String reason) implements Built {}

  private FtwRequest() {}

  static Built build(JsonNode input) {
    if (input.hasNonNull("encoded_request")) {
      byte[] raw = Base64.getMimeDecoder().decode(input.get("encoded_request").asText());
      return RawHttp.parse(raw);
    }
    String method = input.path("method").asText("GET");
    String uri = input.path("uri").asText("/");
    String version = input.path("version").asText("HTTP/1.1");
    Map<String, String> headers = new TreeMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = input.path("headers").fields();
        it.hasNext(); ) {
      Map.Entry<String, JsonNode> h = it.next();
      headers.put(h.getKey(), h.getValue().isNull() ? "" : h.getValue().asText());
    }
    String data = input.path("data").isNull() ? "" : input.path("data").asText("");
    boolean autocomplete = input.path("autocomplete_headers").asBoolean(true);
    if (!data.isEmpty() && autocomplete) {
      addIfAbsent(headers, "Content-Type", "application/x-www-form-urlencoded");
      data = encodeForm(header(headers, "Content-Type"), data);
    }
    if (header(headers, "Content-Type").startsWith("multipart/form-data;")) {
      data = data.replace("\n", "\r\n");
    }
    byte[] body = data.getBytes(StandardCharsets.UTF_8);
    if (autocomplete) {
      addIfAbsent(headers, "Connection", "close");
      if (body.length > 0 || METHODS_WITH_BODY.matcher(method).find()) {
        addIfAbsent(headers, "Content-Length", Integer.toString(body.length));
      }
    }
    List<SecLangRequest.Header> list = new ArrayList<>();
    headers.forEach((k, v) -> list.add(new SecLangRequest.Header(bytes(k), bytes(v))));
    return check(bytes(method), bytes(uri), bytes(version), list, body);
  }

  /** The checks an HTTP/1 front proxy makes before any filter sees the request. */
  static Built check(
      String method, String uri, String version, List<SecLangRequest.Header> headers, byte[] body) {
    if (!TOKEN.matcher(method).matches()) {
      return new NotExpressible("invalid method in the request line");
    }
    if (uri.isEmpty() || uri.chars().anyMatch(c -> c <= ' ' || c == 0x7f)) {
      return new NotExpressible("request target with whitespace or control characters");
    }
    if (!version.equals("HTTP/1.1") && !version.equals("HTTP/1.0")) {
      return new NotExpressible("HTTP version " + version + " is refused by the proxy");
    }
    String length = null;
    boolean host = false;
    for (SecLangRequest.Header h : headers) {
      if (!TOKEN.matcher(h.name()).matches()
          || h.value().chars().anyMatch(c -> c == '\r' || c == '\n' || c == 0)) {
        return new NotExpressible("invalid header " + h.name());
      }
      if (h.name().equalsIgnoreCase("Content-Length")) {
        if (length != null || !h.value().strip().matches("[0-9]+")) {
          return new NotExpressible("invalid or repeated Content-Length");
        }
        length = h.value().strip();
      }
      host |= h.name().equalsIgnoreCase("Host");
      if (h.name().equalsIgnoreCase("Transfer-Encoding") && length != null) {
        return new NotExpressible("Content-Length together with Transfer-Encoding");
      }
    }
    if (!host && version.equals("HTTP/1.1")) {
      return new NotExpressible("HTTP/1.1 request without Host");
    }
    if (length != null && Long.parseLong(length) != body.length) {
      return new NotExpressible("Content-Length does not match the body");
    }
    if (length == null && !chunked(headers)) {
      // without Content-Length or chunking an HTTP/1 request has no body; what follows the headers
      // would be read as the next request
      body = new byte[0];
    }
    return new Ok(
        new SecLangRequest(method, uri, version, merged(headers), "127.0.0.1", 40000, body));
  }

  private static boolean chunked(List<SecLangRequest.Header> headers) {
    return headers.stream().anyMatch(h -> h.name().equalsIgnoreCase("Transfer-Encoding"));
  }

  /**
   * Envoy hands an authorization check one value per header name: repeated headers are joined with
   * a comma (cookies with a semicolon). Names keep their case here; the gRPC path lower-cases them.
   */
  private static List<SecLangRequest.Header> merged(List<SecLangRequest.Header> headers) {
    Map<String, SecLangRequest.Header> byName = new java.util.LinkedHashMap<>();
    for (SecLangRequest.Header h : headers) {
      String key = h.name().toLowerCase(java.util.Locale.ROOT);
      SecLangRequest.Header seen = byName.get(key);
      String separator = key.equals("cookie") ? "; " : ",";
      byName.put(
          key,
          seen == null
              ? h
              : new SecLangRequest.Header(seen.name(), seen.value() + separator + h.value()));
    }
    return List.copyOf(byName.values());
  }

  private static void addIfAbsent(Map<String, String> headers, String name, String value) {
    if (header(headers, name).isEmpty()) {
      headers.keySet().removeIf(k -> k.equalsIgnoreCase(name));
      headers.put(name, value);
    }
  }

  /**
   * The value of header {@code name} in any letter case, or "": header names are case-insensitive
   * (931100-3 sends {@code Content-type}, which must not get a second, form Content-Type).
   */
  private static String header(Map<String, String> headers, String name) {
    for (Map.Entry<String, String> h : headers.entrySet()) {
      if (h.getKey().equalsIgnoreCase(name)) {
        return h.getValue();
      }
    }
    return "";
  }

  /**
   * go-ftw percent-encodes each key and value of form data that decoding would not change (the
   * suite writes payloads unencoded); data that already holds escapes is sent as written.
   */
  private static String encodeForm(String contentType, String data) {
    if (!"application/x-www-form-urlencoded".equals(contentType)) {
      return data;
    }
    String decoded;
    try {
      decoded = URLDecoder.decode(data, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return data;
    }
    if (!decoded.equals(data)) {
      return data;
    }
    List<String> pairs = new ArrayList<>();
    for (String token : data.split("&", -1)) {
      int eq = token.indexOf('=');
      pairs.add(
          eq < 0
              ? escape(token)
              : escape(token.substring(0, eq)) + "=" + escape(token.substring(eq + 1)));
    }
    if (data.endsWith("&")) {
      pairs.remove(pairs.size() - 1);
    }
    return String.join("&", pairs);
  }

  private static String escape(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("*", "%2A").replace("%7E", "~");
  }

  static String bytes(String text) {
    return SecLangRequest.bytes(text);
  }
}
