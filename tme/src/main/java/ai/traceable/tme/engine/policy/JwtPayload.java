package ai.traceable.tme.engine.policy;

import ai.traceable.tme.engine.inspect.RequestView;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Base64;
import java.util.List;

/**
 * Reads the payload of an {@code Authorization: Bearer} JWT <em>without verifying it</em>: rate
 * limits keyed by a claim count per claimed identity, which is what the upstream will act on. A
 * client that forges claims only moves itself into another bucket. Stateless and thread-safe.
 */
final class JwtPayload {
  /** Tokens longer than this are not decoded (a JWT is configuration-sized, not a body). */
  static final int MAX_TOKEN_CHARS = 8192;

  private static final ObjectMapper JSON = new ObjectMapper();

  static {
    JSON.getFactory()
        .setStreamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64).build());
  }

  private JwtPayload() {}

  /** The payload object, or null when there is no bearer token or it does not decode. */
  static JsonNode of(RequestView view) {
    List<String> values = view.header("authorization");
    if (values.isEmpty()) {
      return null;
    }
    String value = values.get(0).strip();
    if (value.length() < 7
        || value.length() > MAX_TOKEN_CHARS
        || !value.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return null;
    }
    String token = value.substring(7).strip();
    int first = token.indexOf('.');
    int second = first < 0 ? -1 : token.indexOf('.', first + 1);
    if (first < 0 || second < 0) {
      return null;
    }
    try {
      byte[] payload =
          Base64.getUrlDecoder().decode(stripPadding(token.substring(first + 1, second)));
      JsonNode node = readTree(payload);
      return node != null && node.isObject() ? node : null;
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /** A claim as text: strings as they are, numbers and booleans printed, objects as JSON. */
  static String claim(JsonNode payload, String name) {
    JsonNode node = payload.get(name);
    if (node == null || node.isNull()) {
      return null;
    }
    return node.isValueNode() ? node.asText() : node.toString();
  }

  /** JSON text parsed, or null when it is not JSON. */
  static JsonNode readTree(byte[] json) {
    try {
      return JSON.readTree(json);
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  private static String stripPadding(String s) {
    int end = s.length();
    while (end > 0 && s.charAt(end - 1) == '=') {
      end--;
    }
    return s.substring(0, end);
  }
}
