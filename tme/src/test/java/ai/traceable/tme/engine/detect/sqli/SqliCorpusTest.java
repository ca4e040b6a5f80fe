package ai.traceable.tme.engine.detect.sqli;

import static org.assertj.core.api.Assertions.assertThat;

import ai.traceable.tme.engine.decode.Decoding;
import ai.traceable.tme.engine.detect.DetectionRule;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Replays the labelled corpus through the decoding chain and the detector, extracting values
 * roughly the way the engine does (path and segments, query and form fields with their names,
 * headers, cookies, JSON leaves and keys, multipart parts, XML text, whole bodies, base64 text),
 * and adds up paranoia 1 scores per request (each rule counted once per request).
 */
class SqliCorpusTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final SqliDetector DETECTOR = new SqliDetector();
  private static final String[] BENIGN = {
    "api-json", "browser", "code-content", "forms", "graphql", "hard", "headers", "multipart", "xml"
  };

  @Test
  void detectsTheSqlInjectionCorpus() throws IOException {
    List<String> missed = new ArrayList<>();
    List<JsonNode> requests = load("/corpus/attacks/sqli.jsonl");
    for (JsonNode request : requests) {
      if (score(request) < 5) {
        missed.add(request.get("id").asText() + " " + request.get("note").asText());
      }
    }
    assertThat(requests).hasSizeGreaterThan(50);
    assertThat(missed.size()).as("missed %s", missed).isLessThanOrEqualTo(requests.size() / 20);
  }

  @Test
  void letsTheBenignCorpusThrough() throws IOException {
    List<String> blocked = new ArrayList<>();
    int total = 0;
    for (String name : BENIGN) {
      for (JsonNode request : load("/corpus/benign/" + name + ".jsonl")) {
        total++;
        if (score(request) >= 5) {
          blocked.add(request.get("id").asText());
        }
      }
    }
    assertThat(total).isGreaterThan(400);
    assertThat(blocked).isEmpty();
  }

  private static int score(JsonNode request) {
    Map<String, DetectionRule> rules = new HashMap<>();
    for (String value : values(request)) {
      DETECTOR.inspect(
          value,
          (rule, snippet) -> {
            if (rule.paranoia() == 1) {
              rules.put(rule.id(), rule);
            }
          });
    }
    return rules.values().stream().mapToInt(r -> r.severity().score()).sum();
  }

  private static List<String> values(JsonNode request) {
    List<String> out = new ArrayList<>();
    String path = request.get("path").asText();
    int q = path.indexOf('?');
    String p = q < 0 ? path : path.substring(0, q);
    out.add(Decoding.decode(p, false));
    for (String segment : p.split("/")) {
      out.add(Decoding.decode(segment, false));
    }
    if (q >= 0) {
      form(path.substring(q + 1), out);
    }
    String contentType = "";
    Iterator<Map.Entry<String, JsonNode>> headers = request.get("headers").fields();
    while (headers.hasNext()) {
      Map.Entry<String, JsonNode> h = headers.next();
      String v = h.getValue().asText();
      if (h.getKey().equals("cookie")) {
        for (String cookie : v.split(";")) {
          int eq = cookie.indexOf('=');
          out.add(Decoding.decode(eq < 0 ? cookie.trim() : cookie.substring(eq + 1), false));
        }
      } else {
        out.add(Decoding.decode(v, false));
      }
      if (h.getKey().equals("content-type")) {
        contentType = v;
      }
    }
    body(request.get("body").asText(), contentType, out);
    List<String> withBase64 = new ArrayList<>(out);
    for (String v : out) {
      String text = Decoding.base64Text(v);
      if (text != null) {
        withBase64.add(text);
      }
    }
    return withBase64;
  }

  private static void body(String body, String contentType, List<String> out) {
    if (body.isEmpty()) {
      return;
    }
    out.add(Decoding.decode(body, false));
    if (contentType.contains("x-www-form-urlencoded")) {
      form(body, out);
    } else if (contentType.contains("multipart")) {
      multipart(body, contentType, out);
    } else if (contentType.contains("xml")) {
      xmlText(body, out);
    } else {
      try {
        json(JSON.readTree(body), out);
      } catch (IOException notJson) {
        // inspected as text only
      }
    }
  }

  private static void form(String query, List<String> out) {
    for (String pair : query.split("&")) {
      int eq = pair.indexOf('=');
      out.add(Decoding.decode(eq < 0 ? pair : pair.substring(0, eq), true));
      if (eq >= 0) {
        out.add(Decoding.decode(pair.substring(eq + 1), true));
      }
    }
  }

  private static void json(JsonNode node, List<String> out) {
    if (node.isObject()) {
      Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> f = fields.next();
        out.add(Decoding.decode(f.getKey(), false));
        json(f.getValue(), out);
      }
    } else if (node.isArray()) {
      node.forEach(child -> json(child, out));
    } else if (!node.isNull()) {
      out.add(Decoding.decode(node.asText(), false));
    }
  }

  private static void multipart(String body, String contentType, List<String> out) {
    int b = contentType.indexOf("boundary=");
    if (b < 0) {
      return;
    }
    String boundary = "--" + contentType.substring(b + 9).replace("\"", "").trim();
    for (String part : body.split(java.util.regex.Pattern.quote(boundary))) {
      int blank = part.indexOf("\r\n\r\n");
      int skip = 4;
      if (blank < 0) {
        blank = part.indexOf("\n\n");
        skip = 2;
      }
      if (blank < 0) {
        continue;
      }
      String headers = part.substring(0, blank);
      int name = headers.indexOf("filename=\"");
      if (name >= 0) {
        int end = headers.indexOf('"', name + 10);
        out.add(headers.substring(name + 10, end < 0 ? headers.length() : end));
      }
      out.add(Decoding.decode(part.substring(blank + skip).strip(), false));
    }
  }

  private static void xmlText(String body, List<String> out) {
    int i = 0;
    while ((i = body.indexOf('>', i)) >= 0) {
      int end = body.indexOf('<', i + 1);
      if (end < 0) {
        break;
      }
      String text = body.substring(i + 1, end).strip();
      if (!text.isEmpty()) {
        out.add(Decoding.decode(text, false));
      }
      i = end;
    }
  }

  private static List<JsonNode> load(String resource) throws IOException {
    List<JsonNode> out = new ArrayList<>();
    try (InputStream in = SqliCorpusTest.class.getResourceAsStream(resource)) {
      assertThat(in).as(resource).isNotNull();
      BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      String line;
      while ((line = reader.readLine()) != null) {
        if (!line.isBlank()) {
          out.add(JSON.readTree(line));
        }
      }
    }
    return out;
  }
}
