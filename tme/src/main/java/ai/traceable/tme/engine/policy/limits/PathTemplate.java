package ai.traceable.tme.engine.policy.limits;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A path pattern such as {@code /api/users/{id}/orders}: literal segments must be equal, {@code
 * {name}} and {@code *} match any one non-empty segment ({@code {name}} also captures it), and a
 * last segment {@code **} matches the rest of the path (zero or more segments). Matching is one
 * left-to-right pass over the path, without backtracking. Immutable and thread-safe. Its {@link
 * #text()}, the template as written, names the endpoint in rate-limit keys.
 */
public final class PathTemplate {
  private final String text;
  // nulls mark parameter segments (in segments) and literal ones (in names); arrays, not lists,
  // because matching runs for every rule on every request
  private final String[] segments;
  private final String[] names;
  private final boolean rest;
  private final int id;

  private PathTemplate(
      String text, List<String> segments, List<String> names, boolean rest, int id) {
    this.text = text;
    this.id = id;
    this.segments = segments.toArray(new String[0]);
    this.names = names.toArray(new String[0]);
    this.rest = rest;
  }

  public String text() {
    return text;
  }

  /** The template's id in a {@link PathIndex}, or -1 when it is in none. */
  int id() {
    return id;
  }

  /** The segments: literals, and null for a parameter or {@code *}. */
  List<String> segments() {
    return Arrays.asList(segments);
  }

  /** Whether a last {@code **} takes the rest of the path. */
  boolean rest() {
    return rest;
  }

  static PathTemplate compile(String text, String where) {
    return compile(text, where, -1);
  }

  static PathTemplate compile(String text, String where, int id) {
    if (text == null || !text.startsWith("/")) {
      throw new IllegalArgumentException(
          where + ": path template '" + text + "' must start with '/'");
    }
    String[] parts = text.substring(1).split("/", -1);
    List<String> segments = new ArrayList<>();
    List<String> names = new ArrayList<>();
    boolean rest = false;
    for (int i = 0; i < parts.length; i++) {
      String part = parts[i];
      if (part.equals("**")) {
        if (i != parts.length - 1) {
          throw new IllegalArgumentException(
              where + ": path template '" + text + "': '**' may only be the last segment");
        }
        rest = true;
        continue;
      }
      if (part.startsWith("{") && part.endsWith("}")) {
        String name = part.substring(1, part.length() - 1);
        if (name.isEmpty() || names.contains(name)) {
          throw new IllegalArgumentException(
              where + ": path template '" + text + "': empty or repeated parameter name");
        }
        names.add(name);
        segments.add(null);
      } else if (part.equals("*")) {
        names.add(null);
        segments.add(null);
      } else if (part.contains("{") || part.contains("}") || part.contains("*")) {
        throw new IllegalArgumentException(
            where
                + ": path template '"
                + text
                + "': a segment is a literal, '{name}', '*' or a last '**'");
      } else {
        names.add(null);
        segments.add(part);
      }
    }
    return new PathTemplate(text, segments, names, rest, id);
  }

  /** Whether the path (without query) matches. */
  boolean matches(String path) {
    return capture(path, null) != null;
  }

  /** The value of parameter {@code name} in the path, or null when the path does not match. */
  String parameter(String path, String name) {
    return capture(path, name);
  }

  /** Whether the template names parameter {@code name}. */
  public boolean hasParameter(String name) {
    return Arrays.asList(names).contains(name);
  }

  /**
   * Walks the path once. Returns null on no match; otherwise the captured value of {@code wanted},
   * or the path itself when {@code wanted} is null.
   */
  private String capture(String path, String wanted) {
    if (path.isEmpty() || path.charAt(0) != '/') {
      return null;
    }
    int pos = 1;
    String found = null;
    int n = segments.length;
    for (int i = 0; i < n; i++) {
      if (pos > path.length()) {
        return null;
      }
      int end = path.indexOf('/', pos);
      if (end < 0) {
        end = path.length();
      }
      String literal = segments[i];
      if (literal == null) {
        if (end == pos) {
          return null; // parameters and '*' need a non-empty segment
        }
        if (wanted != null && wanted.equals(names[i])) {
          found = path.substring(pos, end);
        }
      } else if (end - pos != literal.length() || !path.startsWith(literal, pos)) {
        return null;
      }
      pos = end + 1;
    }
    if (!rest && pos <= path.length()) {
      return null; // segments left over
    }
    return wanted == null ? path : found;
  }
}
