package ai.traceable.tme.engine.corpus;

import ai.traceable.tme.engine.inspect.RequestJson;
import ai.traceable.tme.engine.inspect.RequestView;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** The labelled request corpus under {@code src/test/resources/corpus}: JSON lines per file. */
final class Corpus {
  static final List<String> ATTACK_FILES =
      List.of(
          "sqli",
          "xss",
          "traversal",
          "cmdi",
          "ssrf",
          "jndi",
          "xxe",
          "nosqli",
          "ssti",
          "crlf",
          "scanner");
  static final List<String> BENIGN_FILES =
      List.of(
          "browser",
          "api-json",
          "forms",
          "multipart",
          "graphql",
          "xml",
          "headers",
          "hard",
          "code-content");

  private static final ObjectMapper JSON = new ObjectMapper();

  /** One labelled request. */
  record Case(
      String file,
      String id,
      String attackClass,
      boolean attack,
      String placement,
      RequestView request) {
    @Override
    public String toString() {
      return id;
    }
  }

  private Corpus() {}

  static List<Case> attacks() {
    List<Case> out = new ArrayList<>();
    for (String f : ATTACK_FILES) {
      out.addAll(read("attacks/" + f + ".jsonl", f));
    }
    return out;
  }

  static List<Case> benign() {
    List<Case> out = new ArrayList<>();
    for (String f : BENIGN_FILES) {
      out.addAll(read("benign/" + f + ".jsonl", f));
    }
    return out;
  }

  static List<Case> read(String resource, String file) {
    List<Case> out = new ArrayList<>();
    try (InputStream in = Corpus.class.getResourceAsStream("/corpus/" + resource)) {
      if (in == null) {
        throw new IllegalStateException("missing corpus file " + resource);
      }
      BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      String line;
      while ((line = reader.readLine()) != null) {
        if (line.isBlank()) {
          continue;
        }
        JsonNode n = JSON.readTree(line);
        RequestView request = RequestJson.parse(n);
        out.add(
            new Case(
                file,
                n.path("id").asText(),
                n.path("class").asText(),
                "deny".equals(n.path("expect").asText()),
                n.path("placement").asText(),
                request));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }
}
