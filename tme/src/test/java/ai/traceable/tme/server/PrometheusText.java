package ai.traceable.tme.server;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A strict parser of the Prometheus text exposition format (version 0.0.4) for tests: every line
 * must be blank, a comment, {@code # HELP}/{@code # TYPE}, or a sample {@code name{labels} value
 * [timestamp]} with properly quoted and escaped label values, and every sample must belong to a
 * family declared with {@code # TYPE}. Anything else fails the parse with the line number. (No
 * maintained Java library parses this format; the Prometheus Java client only writes it.)
 */
final class PrometheusText {
  record Sample(String name, Map<String, String> labels, double value) {}

  final Map<String, String> types = new LinkedHashMap<>();
  final List<Sample> samples = new ArrayList<>();

  static PrometheusText parse(String text) {
    PrometheusText out = new PrometheusText();
    String[] lines = text.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      try {
        out.line(lines[i]);
      } catch (RuntimeException e) {
        throw new IllegalArgumentException(
            "line " + (i + 1) + " is not valid exposition format: " + lines[i] + " (" + e + ")", e);
      }
    }
    return out;
  }

  private void line(String line) {
    if (line.isBlank()) {
      return;
    }
    if (line.startsWith("#")) {
      String[] parts = line.split(" ", 4);
      if (parts.length >= 4 && parts[1].equals("TYPE")) {
        if (!List.of("counter", "gauge", "histogram", "summary", "untyped").contains(parts[3])) {
          throw new IllegalArgumentException("unknown type " + parts[3]);
        }
        types.put(name(parts[2]), parts[3]);
      }
      return;
    }
    int i = 0;
    while (i < line.length() && line.charAt(i) != '{' && line.charAt(i) != ' ') {
      i++;
    }
    String name = name(line.substring(0, i));
    Map<String, String> labels = new LinkedHashMap<>();
    if (i < line.length() && line.charAt(i) == '{') {
      i = labels(line, i + 1, labels);
    }
    if (i >= line.length() || line.charAt(i) != ' ') {
      throw new IllegalArgumentException("no value");
    }
    String[] rest = line.substring(i + 1).split(" ");
    if (rest.length > 2) {
      throw new IllegalArgumentException("trailing text");
    }
    if (rest.length == 2) {
      Long.parseLong(rest[1]);
    }
    if (family(name).isEmpty()) {
      throw new IllegalArgumentException("sample of an undeclared family");
    }
    samples.add(new Sample(name, Map.copyOf(labels), number(rest[0])));
  }

  private Optional<String> family(String sample) {
    if (types.containsKey(sample)) {
      return Optional.of(sample);
    }
    for (String suffix : List.of("_bucket", "_sum", "_count")) {
      if (sample.endsWith(suffix)) {
        String base = sample.substring(0, sample.length() - suffix.length());
        String type = types.get(base);
        if ("histogram".equals(type) || "summary".equals(type)) {
          return Optional.of(base);
        }
      }
    }
    return Optional.empty();
  }

  private static int labels(String line, int i, Map<String, String> out) {
    while (true) {
      if (line.charAt(i) == '}') {
        return i + 1;
      }
      int eq = line.indexOf('=', i);
      String label = name(line.substring(i, eq));
      if (line.charAt(eq + 1) != '"') {
        throw new IllegalArgumentException("label value not quoted");
      }
      StringBuilder value = new StringBuilder();
      int j = eq + 2;
      for (; line.charAt(j) != '"'; j++) {
        char c = line.charAt(j);
        if (c == '\\') {
          char next = line.charAt(++j);
          value.append(
              switch (next) {
                case 'n' -> '\n';
                case '\\' -> '\\';
                case '"' -> '"';
                default -> throw new IllegalArgumentException("bad escape \\" + next);
              });
        } else {
          value.append(c);
        }
      }
      if (out.put(label, value.toString()) != null) {
        throw new IllegalArgumentException("label " + label + " twice");
      }
      i = j + 1;
      if (line.charAt(i) == ',') {
        i++;
      } else if (line.charAt(i) != '}') {
        throw new IllegalArgumentException("expected , or }");
      }
    }
  }

  private static String name(String s) {
    if (!s.matches("[a-zA-Z_:][a-zA-Z0-9_:]*")) {
      throw new IllegalArgumentException("bad name '" + s + "'");
    }
    return s;
  }

  private static double number(String s) {
    return switch (s) {
      case "+Inf" -> Double.POSITIVE_INFINITY;
      case "-Inf" -> Double.NEGATIVE_INFINITY;
      case "NaN" -> Double.NaN;
      default -> Double.parseDouble(s);
    };
  }

  /** The value of the one sample with this name and exactly these labels. */
  double value(String name, Map<String, String> labels) {
    List<Sample> found =
        samples.stream().filter(s -> s.name().equals(name) && s.labels().equals(labels)).toList();
    if (found.size() != 1) {
      throw new AssertionError(found.size() + " samples " + name + labels);
    }
    return found.get(0).value();
  }

  double value(String name) {
    return value(name, Map.of());
  }

  /** Samples of one name whose labels include {@code subset}. */
  List<Sample> find(String name, Map<String, String> subset) {
    return samples.stream()
        .filter(s -> s.name().equals(name) && s.labels().entrySet().containsAll(subset.entrySet()))
        .toList();
  }
}
