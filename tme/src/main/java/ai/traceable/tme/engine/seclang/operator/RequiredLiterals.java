package ai.traceable.tme.engine.seclang.operator;

import ai.traceable.tme.engine.seclang.operator.RegexNode.Alternation;
import ai.traceable.tme.engine.seclang.operator.RegexNode.Assertion;
import ai.traceable.tme.engine.seclang.operator.RegexNode.Chars;
import ai.traceable.tme.engine.seclang.operator.RegexNode.Concat;
import ai.traceable.tme.engine.seclang.operator.RegexNode.Group;
import ai.traceable.tme.engine.seclang.operator.RegexNode.Repeat;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Finds, in a parsed expression, a set of literals at least one of which every match contains, so a
 * value containing none of them can be rejected without running the regular expression.
 *
 * <p>Literals are ASCII lower case and are to be found ignoring ASCII case: that admits a superset
 * of what a case-sensitive pattern needs, so it is always safe. For each node the analysis knows
 * (a) its exact set, every string it can match, when that set is finite and small, and (b) a
 * required set. A sequence multiplies the exact sets of consecutive items (so {@code (?:un|ex)ion}
 * gives {@code union, exion}) and keeps the best required set among its items and runs; an
 * alternation needs a required set on every branch and takes their union; an optional or starred
 * item requires nothing. The best set is the one whose shortest literal is longest (up to four
 * characters, beyond which more length filters little more), then the one with fewer literals.
 */
final class RequiredLiterals {
  private static final int MAX_EXACT = 64;
  private static final int MAX_REQUIRED = 512;
  private static final int MAX_CLASS = 8;
  private static final int USEFUL_LENGTH = 4;

  /** What one node contributes: exact strings (or null) and a required any-of set (or null). */
  private record Info(Set<String> exact, Set<String> required) {}

  private RequiredLiterals() {}

  /** The literals, sorted; empty when the expression requires none that is known. */
  static List<String> of(RegexNode node) {
    Set<String> required = info(node).required();
    if (required == null) {
      return List.of();
    }
    return required.stream().sorted().toList();
  }

  private static Info info(RegexNode node) {
    if (node instanceof Chars c) {
      return chars(c.set());
    } else if (node instanceof Concat c) {
      return concat(c.items());
    } else if (node instanceof Alternation a) {
      return alternation(a.alternatives());
    } else if (node instanceof Repeat r) {
      return repeat(r);
    } else if (node instanceof Group g) {
      return info(g.item());
    } else if (node instanceof Assertion) {
      return new Info(Set.of(""), null);
    }
    throw new IllegalStateException("unknown node " + node);
  }

  private static Info chars(ByteSet set) {
    String members = set.lowerCaseMembers();
    if (members.isEmpty() || members.length() > MAX_CLASS) {
      return new Info(null, null);
    }
    Set<String> exact = new LinkedHashSet<>();
    for (int k = 0; k < members.length(); k++) {
      exact.add(String.valueOf(members.charAt(k)));
    }
    return new Info(exact, exact);
  }

  private static Info concat(List<RegexNode> items) {
    List<Set<String>> candidates = new ArrayList<>();
    Set<String> run = Set.of("");
    boolean allExact = true;
    for (RegexNode item : items) {
      Info info = info(item);
      if (info.exact() == null) {
        allExact = false;
        candidates.add(run);
        candidates.add(info.required());
        run = Set.of("");
        continue;
      }
      Set<String> product = product(run, info.exact());
      if (product == null) {
        allExact = false;
        candidates.add(run);
        run = info.exact();
      } else {
        run = product;
      }
    }
    candidates.add(run);
    Set<String> exact = allExact ? run : null;
    return new Info(exact, best(candidates));
  }

  private static Info alternation(List<RegexNode> alternatives) {
    Set<String> exact = new LinkedHashSet<>();
    Set<String> required = new LinkedHashSet<>();
    for (RegexNode alternative : alternatives) {
      Info info = info(alternative);
      if (exact != null
          && info.exact() != null
          && exact.size() + info.exact().size() <= MAX_EXACT) {
        exact.addAll(info.exact());
      } else {
        exact = null;
      }
      if (required != null && usable(info.required())) {
        required.addAll(info.required());
        if (required.size() > MAX_REQUIRED) {
          required = null;
        }
      } else {
        required = null;
      }
    }
    return new Info(exact, required == null ? null : minimal(required));
  }

  private static Info repeat(Repeat r) {
    Info inner = info(r.item());
    if (r.min() == 0) {
      if (r.max() == 1 && inner.exact() != null) {
        Set<String> exact = new LinkedHashSet<>(inner.exact());
        exact.add("");
        return new Info(exact, null);
      }
      return new Info(null, null);
    }
    Set<String> exact = null;
    if (inner.exact() != null && r.min() == r.max() && r.min() <= USEFUL_LENGTH) {
      exact = Set.of("");
      for (int k = 0; k < r.min() && exact != null; k++) {
        exact = product(exact, inner.exact());
      }
    }
    Set<String> required = inner.required();
    if (exact != null && usable(exact)) {
      required = best(List.of(exact, required == null ? Set.of("") : required));
    }
    return new Info(exact, required);
  }

  /** Every a + b, or null when there would be too many. */
  private static Set<String> product(Set<String> left, Set<String> right) {
    if ((long) left.size() * right.size() > MAX_EXACT) {
      return null;
    }
    Set<String> out = new LinkedHashSet<>();
    for (String a : left) {
      for (String b : right) {
        out.add(a + b);
      }
    }
    return out;
  }

  private static boolean usable(Set<String> set) {
    if (set == null || set.isEmpty()) {
      return false;
    }
    for (String s : set) {
      if (s.isEmpty()) {
        return false;
      }
    }
    return true;
  }

  private static Set<String> best(List<Set<String>> candidates) {
    Set<String> best = null;
    for (Set<String> c : candidates) {
      if (usable(c) && (best == null || better(c, best))) {
        best = c;
      }
    }
    return best == null ? null : minimal(best);
  }

  private static boolean better(Set<String> a, Set<String> b) {
    int la = Math.min(USEFUL_LENGTH, shortest(a));
    int lb = Math.min(USEFUL_LENGTH, shortest(b));
    if (la != lb) {
      return la > lb;
    }
    return a.size() < b.size();
  }

  private static int shortest(Set<String> set) {
    int min = Integer.MAX_VALUE;
    for (String s : set) {
      min = Math.min(min, s.length());
    }
    return min;
  }

  /** Drops literals that contain another literal of the set: finding the shorter one suffices. */
  private static Set<String> minimal(Set<String> set) {
    Set<String> out = new LinkedHashSet<>();
    for (String s : set) {
      boolean redundant = false;
      for (String t : set) {
        if (t.length() < s.length() && s.contains(t)) {
          redundant = true;
          break;
        }
      }
      if (!redundant) {
        out.add(s);
      }
    }
    return out;
  }
}
