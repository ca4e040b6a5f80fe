package ai.traceable.tme.engine.seclang.body;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * The JSON request body processor: every scalar becomes an argument named by its path, as
 * ModSecurity 3 and Coraza name them: {@code json.user.name} for members, {@code json.items.0} for
 * array elements, {@code json.0} for a top-level array. Strings are stored as their UTF-8 bytes;
 * numbers as written; {@code true}/{@code false}; {@code null} as an empty value. Nesting deeper
 * than the limit, or malformed JSON, is a body processing error.
 */
public final class JsonBody {

  private static final JsonFactory FACTORY = new JsonFactory();

  private JsonBody() {}

  public static BodyData parse(byte[] body, int depthLimit) {
    List<Param> args = new ArrayList<>();
    Deque<Frame> path = new ArrayDeque<>();
    try (JsonParser p = FACTORY.createParser(body)) {
      JsonToken t;
      while ((t = p.nextToken()) != null) {
        switch (t) {
          case START_OBJECT, START_ARRAY -> {
            String name = path.isEmpty() ? "json" : nameOfNext(path, p);
            if (path.size() >= depthLimit) {
              return BodyData.failed("JSON depth limit of " + depthLimit + " exceeded");
            }
            path.push(new Frame(name, t == JsonToken.START_ARRAY));
          }
          case END_OBJECT, END_ARRAY -> path.pop();
          case FIELD_NAME -> {}
          default -> {
            if (path.isEmpty()) {
              args.add(new Param("json", scalar(p, t)));
            } else {
              args.add(new Param(nameOfNext(path, p), scalar(p, t)));
            }
          }
        }
      }
      return BodyData.ofArgs(args);
    } catch (IOException e) {
      return BodyData.failed("JSON parsing error: " + firstLine(e.getMessage()));
    }
  }

  private static String nameOfNext(Deque<Frame> path, JsonParser p) throws IOException {
    Frame parent = path.peek();
    if (parent.array) {
      return parent.name + "." + parent.index++;
    }
    return parent.name + "." + bytes(p.currentName());
  }

  private static String scalar(JsonParser p, JsonToken t) throws IOException {
    return switch (t) {
      case VALUE_NULL -> "";
      case VALUE_TRUE -> "true";
      case VALUE_FALSE -> "false";
      default -> bytes(p.getText());
    };
  }

  private static String bytes(String text) {
    return new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "invalid JSON";
    }
    int nl = message.indexOf('\n');
    return nl < 0 ? message : message.substring(0, nl);
  }

  private static final class Frame {
    final String name;
    final boolean array;
    int index;

    Frame(String name, boolean array) {
      this.name = name;
      this.array = array;
    }
  }
}
