package ai.traceable.tme.engine.seclang.operator;

import ai.traceable.tme.engine.seclang.operator.RegexNode.Alternation;
import ai.traceable.tme.engine.seclang.operator.RegexNode.Assertion;
import ai.traceable.tme.engine.seclang.operator.RegexNode.Chars;
import ai.traceable.tme.engine.seclang.operator.RegexNode.Concat;
import ai.traceable.tme.engine.seclang.operator.RegexNode.Group;
import ai.traceable.tme.engine.seclang.operator.RegexNode.Kind;
import ai.traceable.tme.engine.seclang.operator.RegexNode.Repeat;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A Thompson automaton over bytes compiled from a parsed expression, for {@link ByteDfa}. Groups
 * and greediness do not matter to whether an expression matches, so they are dropped; counted
 * repeats are unrolled. Immutable once built.
 */
final class ByteNfa {
  static final int CHARS = 0;
  static final int SPLIT = 1;
  static final int ASSERT = 2;
  static final int MATCH = 3;

  final int[] op;
  final int[] out1;
  final int[] out2;

  /** For CHARS: the byte classes it accepts, indexed by class. */
  final boolean[][] accepts;

  final Kind[] assertion;
  final int start;

  /** Byte to equivalence class: bytes no instruction (nor word or line context) tells apart. */
  final int[] byteClass;

  final int classes;
  final boolean[] wordClass;
  final boolean[] newlineClass;
  final boolean usesContext;

  /** Every match starts at the start of the text, so a scan with no live thread can stop. */
  final boolean anchored;

  private ByteNfa(Builder b, int start, boolean anchored) {
    this.anchored = anchored;
    int n = b.op.size();
    op = new int[n];
    out1 = new int[n];
    out2 = new int[n];
    assertion = new Kind[n];
    for (int k = 0; k < n; k++) {
      op[k] = b.op.get(k);
      out1[k] = b.out1.get(k);
      out2[k] = b.out2.get(k);
      assertion[k] = b.kinds.get(k);
    }
    this.start = start;
    byteClass = b.classesOf();
    int max = 0;
    for (int c : byteClass) {
      max = Math.max(max, c);
    }
    classes = max + 1;
    accepts = new boolean[n][];
    for (int k = 0; k < n; k++) {
      ByteSet set = b.sets.get(k);
      if (set != null) {
        accepts[k] = new boolean[classes];
        for (int c = 0; c < 256; c++) {
          if (set.contains(c)) {
            accepts[k][byteClass[c]] = true;
          }
        }
      }
    }
    ByteSet word = ByteClasses.word();
    wordClass = new boolean[classes];
    newlineClass = new boolean[classes];
    for (int c = 0; c < 256; c++) {
      wordClass[byteClass[c]] = word.contains(c);
      newlineClass[byteClass[c]] = c == '\n';
    }
    usesContext = b.kinds.stream().anyMatch(k -> k != null);
  }

  /** The automaton, or null when it would have more than {@code maxStates} instructions. */
  static ByteNfa build(RegexNode node, int maxStates) {
    Builder b = new Builder(maxStates);
    try {
      int match = b.add(MATCH, -1, -1, null, null);
      int start = b.compile(node, match);
      return new ByteNfa(b, start, anchoredAtStart(node));
    } catch (TooBig e) {
      return null;
    }
  }

  int size() {
    return op.length;
  }

  /**
   * Whether every match of {@code node} must begin with {@code ^} (not multiline) or {@code \\A}.
   */
  static boolean anchoredAtStart(RegexNode node) {
    if (node instanceof Assertion a) {
      return a.kind() == Kind.BEGIN_TEXT;
    } else if (node instanceof Concat c) {
      return !c.items().isEmpty() && anchoredAtStart(c.items().get(0));
    } else if (node instanceof Group g) {
      return anchoredAtStart(g.item());
    } else if (node instanceof Alternation a) {
      return a.alternatives().stream().allMatch(ByteNfa::anchoredAtStart);
    }
    return false;
  }

  private static final class TooBig extends RuntimeException {
    TooBig() {
      super(null, null, false, false);
    }
  }

  private static final class Builder {
    private final int max;
    final List<Integer> op = new ArrayList<>();
    final List<Integer> out1 = new ArrayList<>();
    final List<Integer> out2 = new ArrayList<>();
    final List<ByteSet> sets = new ArrayList<>();
    final List<Kind> kinds = new ArrayList<>();

    Builder(int max) {
      this.max = max;
    }

    int add(int kind, int a, int b, ByteSet set, Kind assertion) {
      if (op.size() >= max) {
        throw new TooBig();
      }
      op.add(kind);
      out1.add(a);
      out2.add(b);
      sets.add(set);
      kinds.add(assertion);
      return op.size() - 1;
    }

    /** Compiles {@code node} to continue at {@code next}; returns its entry. */
    int compile(RegexNode node, int next) {
      if (node instanceof Chars c) {
        return add(CHARS, next, -1, c.set(), null);
      } else if (node instanceof Concat c) {
        int entry = next;
        for (int k = c.items().size() - 1; k >= 0; k--) {
          entry = compile(c.items().get(k), entry);
        }
        return entry;
      } else if (node instanceof Alternation a) {
        int entry = compile(a.alternatives().get(a.alternatives().size() - 1), next);
        for (int k = a.alternatives().size() - 2; k >= 0; k--) {
          entry = add(SPLIT, compile(a.alternatives().get(k), next), entry, null, null);
        }
        return entry;
      } else if (node instanceof Group g) {
        return compile(g.item(), next);
      } else if (node instanceof Assertion a) {
        return add(ASSERT, next, -1, null, a.kind());
      } else if (node instanceof Repeat r) {
        return repeat(r, next);
      }
      throw new IllegalStateException("unknown node " + node);
    }

    private int repeat(Repeat r, int next) {
      int entry;
      if (r.max() == -1) {
        int loop = add(SPLIT, -1, next, null, null);
        out1.set(loop, compile(r.item(), loop));
        entry = loop;
      } else {
        entry = next;
        for (int k = 0; k < r.max() - r.min(); k++) {
          entry = add(SPLIT, compile(r.item(), entry), next, null, null);
        }
      }
      for (int k = 0; k < r.min(); k++) {
        entry = compile(r.item(), entry);
      }
      return entry;
    }

    /** Partitions the bytes by every set used, plus word characters and newline. */
    int[] classesOf() {
      int[] cls = new int[256];
      Map<ByteSet, Boolean> seen = new HashMap<>();
      List<ByteSet> distinct = new ArrayList<>();
      distinct.add(ByteClasses.word());
      distinct.add(ByteSet.of('\n'));
      for (ByteSet s : sets) {
        if (s != null && seen.putIfAbsent(s, Boolean.TRUE) == null) {
          distinct.add(s);
        }
      }
      for (ByteSet s : distinct) {
        Map<Long, Integer> renumber = new HashMap<>();
        int[] next = new int[256];
        for (int c = 0; c < 256; c++) {
          long key = ((long) cls[c] << 1) | (s.contains(c) ? 1 : 0);
          next[c] = renumber.computeIfAbsent(key, k -> renumber.size());
        }
        cls = next;
      }
      return cls;
    }
  }
}
