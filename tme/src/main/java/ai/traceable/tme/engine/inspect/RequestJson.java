package ai.traceable.tme.engine.inspect;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A request written as JSON, the format of {@code tme check} input lines and of the test corpora:
 * {@code {"method": "GET", "path": "/a?b=c", "headers": {"name": "value" or ["v1", "v2"]}, "body":
 * "...", "bodyBase64": "...", "bodyTruncated": false, "source": "203.0.113.7", "sourcePort":
 * 41000}}. Every field but {@code path} is optional.
 */
public final class RequestJson {
  private RequestJson() {}

  /**
   * Reads one request.
   *
   * @throws IllegalArgumentException when {@code bodyBase64} is not base64
   */
  public static RequestView parse(JsonNode n) {
    Map<String, List<String>> headers = new LinkedHashMap<>();
    Iterator<Map.Entry<String, JsonNode>> it = n.path("headers").fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> h = it.next();
      List<String> values = new ArrayList<>();
      if (h.getValue().isArray()) {
        h.getValue().forEach(v -> values.add(v.asText()));
      } else {
        values.add(h.getValue().asText());
      }
      headers.put(h.getKey().toLowerCase(Locale.ROOT), values);
    }
    byte[] body =
        n.hasNonNull("bodyBase64")
            ? Base64.getDecoder().decode(n.get("bodyBase64").asText())
            : n.path("body").asText("").getBytes(StandardCharsets.UTF_8);
    String host = headers.getOrDefault("host", List.of("")).get(0);
    return new RequestView(
        n.path("method").asText("GET"),
        n.path("path").asText(),
        host,
        headers,
        body,
        n.path("bodyTruncated").asBoolean(false),
        n.path("source").asText("203.0.113.1"),
        n.path("sourcePort").asInt(0));
  }
}
