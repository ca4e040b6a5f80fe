package ai.traceable.tme.engine.seclang.operator;

import ai.traceable.tme.engine.seclang.transform.Transformations;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Values to run regular expressions on, as byte strings (URL-decoded and lower-cased the way CRS's
 * usual transformation chains leave them):
 *
 * <ul>
 *   <li>{@link #benign()}: every value of tme's benign request corpus (path segments, query and
 *       form parameters, header values, JSON leaves);
 *   <li>{@link #crsPayloads()}: the URIs, bodies and header values of the CRS regression tests, the
 *       attacks CRS's regexes are written to catch (skipped when CRS is absent).
 * </ul>
 */
public final class RegexInputs {
  private static final String[] CORPUS = {
    "api-json", "browser", "code-content", "forms", "graphql", "hard", "headers"
  };
  private static final Pattern YAML_VALUE =
      Pattern.compile("^\\s+(?:uri|data|[A-Z][A-Za-z-]+):\\s+(.+)$");

  private RegexInputs() {}

  /** Distinct benign values, in corpus order. */
  public static List<String> benign() {
    ObjectMapper json = new ObjectMapper();
    Set<String> values = new LinkedHashSet<>();
    for (String name : CORPUS) {
      String resource = "/corpus/benign/" + name + ".jsonl";
      try (InputStream in = RegexInputs.class.getResourceAsStream(resource);
          BufferedReader reader =
              new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
        String line;
        while ((line = reader.readLine()) != null) {
          if (!line.isBlank()) {
            request(json.readTree(line), values);
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    values.remove("");
    return List.copyOf(values);
  }

  private static void request(JsonNode r, Set<String> into) {
    String path = r.path("path").asText("");
    int q = path.indexOf('?');
    into.add(decoded(q < 0 ? path : path.substring(0, q)));
    if (q >= 0) {
      parameters(path.substring(q + 1), into);
    }
    JsonNode headers = r.path("headers");
    for (Iterator<JsonNode> it = headers.elements(); it.hasNext(); ) {
      into.add(bytes(it.next().asText()));
    }
    String body = r.path("body").asText("");
    if (body.startsWith("{") || body.startsWith("[")) {
      try {
        leaves(new ObjectMapper().readTree(body), into);
      } catch (IOException e) {
        into.add(bytes(body));
      }
    } else if (body.contains("=")) {
      parameters(body, into);
    } else {
      into.add(bytes(body));
    }
  }

  private static void parameters(String query, Set<String> into) {
    for (String pair : query.split("&")) {
      int eq = pair.indexOf('=');
      into.add(decoded(eq < 0 ? pair : pair.substring(eq + 1)));
    }
  }

  private static void leaves(JsonNode node, Set<String> into) {
    if (node.isValueNode()) {
      into.add(bytes(node.asText()));
      return;
    }
    node.elements().forEachRemaining(child -> leaves(child, into));
  }

  /** Distinct CRS regression-test values, raw and URL-decoded; empty when CRS is absent. */
  public static List<String> crsPayloads() {
    Path tests = CrsSources.rulesDir().getParent().resolve("tests/regression/tests");
    Set<String> values = new LinkedHashSet<>();
    try (Stream<Path> files = Files.walk(tests)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
        for (String line : Files.readAllLines(f, StandardCharsets.UTF_8)) {
          Matcher m = YAML_VALUE.matcher(line);
          if (m.matches()) {
            String v = bytes(unquote(m.group(1)));
            values.add(v);
            values.add(decoded(v));
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    values.remove("");
    return List.copyOf(values);
  }

  private static String unquote(String s) {
    if (s.length() >= 2 && (s.startsWith("\"") && s.endsWith("\""))) {
      return s.substring(1, s.length() - 1).replace("\\\"", "\"").replace("\\\\", "\\");
    }
    if (s.length() >= 2 && s.startsWith("'") && s.endsWith("'")) {
      return s.substring(1, s.length() - 1).replace("''", "'");
    }
    return s;
  }

  /** URL-decoded (with %u) and lower-cased, as most CRS rules see values. */
  public static String decoded(String s) {
    String d = Transformations.byName("urlDecodeUni").apply(s);
    return Transformations.byName("lowercase").apply(d);
  }

  /** The UTF-8 bytes of a text, one char per byte. */
  public static String bytes(String text) {
    return new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
  }

  /** Every {@code @rx} of CRS that has no macros, compiled, with where it is. */
  public static List<Compiled> crsRegexes() {
    List<Compiled> out = new ArrayList<>();
    for (CrsSources.Rule rule : CrsSources.rules()) {
      if (rule.operatorName().equalsIgnoreCase("rx") && !Operators.hasMacros(rule.argument())) {
        out.add(new Compiled(rule.where(), ByteRegex.compile(rule.argument())));
      }
    }
    return out;
  }

  /** A compiled CRS regex and the rule it comes from. */
  public record Compiled(String where, ByteRegex regex) {}
}
