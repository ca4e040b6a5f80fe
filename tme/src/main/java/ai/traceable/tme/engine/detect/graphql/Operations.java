package ai.traceable.tme.engine.detect.graphql;

import ai.traceable.tme.engine.inspect.RequestView;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The GraphQL documents a request body carries: the {@code query} of a JSON operation or of each
 * operation in a batch, the whole body of {@code application/graphql}, or the {@code operations}
 * part of a multipart upload. Inspection hands detectors only a document's string literals, so the
 * GraphQL detector reads the documents from the body itself. Bodies over 64 KB are not read.
 */
final class Operations {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_BODY = 65_536;

  private Operations() {}

  static List<String> of(RequestView view) {
    byte[] body = view.body();
    if (body.length == 0 || body.length > MAX_BODY) {
      return List.of();
    }
    List<String> type = view.header("content-type");
    String ct = type.isEmpty() ? "" : type.get(0).toLowerCase(Locale.ROOT);
    String text = new String(body, StandardCharsets.UTF_8);
    if (ct.startsWith("application/graphql")) {
      return List.of(text);
    }
    int start = text.indexOf('{');
    int array = text.indexOf('[');
    if (start < 0 || text.indexOf("query") < 0) {
      return List.of();
    }
    int from = array >= 0 && array < start ? array : start;
    int end = Math.max(text.lastIndexOf('}'), text.lastIndexOf(']'));
    List<String> out = new ArrayList<>();
    try {
      collect(JSON.readTree(text.substring(from, end + 1)), out);
    } catch (JsonProcessingException | RuntimeException notJson) {
      return List.of();
    }
    return out;
  }

  private static void collect(JsonNode n, List<String> out) {
    if (n.isArray()) {
      for (JsonNode e : n) {
        collect(e, out);
      }
    } else if (n.isObject() && n.path("query").isTextual()) {
      out.add(n.path("query").asText());
    }
  }
}
