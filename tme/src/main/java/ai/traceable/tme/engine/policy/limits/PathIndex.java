package ai.traceable.tme.engine.policy.limits;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every path template of the rate-limit and enumeration rules in one segment trie, so a request's
 * path is walked once to learn which templates it matches, instead of once per rule. Matching is
 * that of {@link PathTemplate}: a literal segment must be equal, a parameter or {@code *} takes any
 * non-empty segment, a last {@code **} takes the rest. Templates written the same way share one id.
 * Immutable and thread-safe once built.
 */
public final class PathIndex {
  public static final PathIndex EMPTY = new Builder().build();

  private final Node root;
  private final int words;

  private static final class Node {
    final Map<String, Node> literals = new HashMap<>();
    Node parameter;
    int[] ends = new int[0];
    int[] restEnds = new int[0];
  }

  private PathIndex(Node root, int templates) {
    this.root = root;
    this.words = (templates + 63) >>> 6;
  }

  public boolean isEmpty() {
    return words == 0;
  }

  /** The ids of the templates {@code path} (without query) matches, as a bit set. */
  public long[] match(String path) {
    long[] matched = new long[words];
    if (words == 0 || path.isEmpty() || path.charAt(0) != '/') {
      return matched;
    }
    List<Node> active = new ArrayList<>(4);
    List<Node> next = new ArrayList<>(4);
    active.add(root);
    int pos = 1;
    while (!active.isEmpty()) {
      for (Node n : active) {
        mark(matched, n.restEnds); // '**' also takes the segments still to come
      }
      int end = path.indexOf('/', pos);
      if (end < 0) {
        end = path.length();
      }
      String segment = path.substring(pos, end);
      next.clear();
      for (Node n : active) {
        Node literal = n.literals.get(segment);
        if (literal != null) {
          next.add(literal);
        }
        if (n.parameter != null && end > pos) {
          next.add(n.parameter);
        }
      }
      if (end == path.length()) {
        for (Node n : next) {
          mark(matched, n.ends);
          mark(matched, n.restEnds);
        }
        break;
      }
      List<Node> swap = active;
      active = next;
      next = swap;
      pos = end + 1;
    }
    return matched;
  }

  private static void mark(long[] bits, int[] ids) {
    for (int id : ids) {
      bits[id >>> 6] |= 1L << id;
    }
  }

  /** Compiles templates while rules are compiled, giving each distinct one an id. */
  public static final class Builder {
    private final Map<String, PathTemplate> templates = new LinkedHashMap<>();

    public PathTemplate template(String text, String where) {
      PathTemplate known = templates.get(text);
      if (known != null) {
        return known;
      }
      PathTemplate t = PathTemplate.compile(text, where, templates.size());
      templates.put(text, t);
      return t;
    }

    public PathIndex build() {
      Node root = new Node();
      for (PathTemplate t : templates.values()) {
        Node n = root;
        for (String segment : t.segments()) {
          if (segment == null) {
            if (n.parameter == null) {
              n.parameter = new Node();
            }
            n = n.parameter;
          } else {
            n = n.literals.computeIfAbsent(segment, s -> new Node());
          }
        }
        if (t.rest()) {
          n.restEnds = append(n.restEnds, t.id());
        } else {
          n.ends = append(n.ends, t.id());
        }
      }
      return new PathIndex(root, templates.size());
    }

    private static int[] append(int[] ids, int id) {
      int[] out = Arrays.copyOf(ids, ids.length + 1);
      out[ids.length] = id;
      return out;
    }
  }
}
