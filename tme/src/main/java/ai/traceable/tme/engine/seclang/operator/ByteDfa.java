package ai.traceable.tme.engine.seclang.operator;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Answers "does the expression match anywhere in this value" with a lazily built deterministic
 * automaton, in the manner of RE2's DFA: each state is the set of {@link ByteNfa} threads alive
 * after some prefix (plus the little context that assertions need: start of text, whether the last
 * byte was a word character or a newline), built the first time it is reached and cached with its
 * transitions. Once warm, a byte costs one table lookup; a new state costs one pass over the
 * automaton, so the work stays linear in the input whatever the pattern. Captures are not its
 * business (RE2/J does those, on the rare values that match).
 *
 * <p>The cache belongs to one thread (see {@link ByteRegex}); when it reaches {@link #MAX_STATES}
 * it is emptied and rebuilt as the scan goes on, which bounds memory without losing linearity.
 */
final class ByteDfa {
  static final int MAX_STATES = 512;
  private static final int UNKNOWN = -2;
  private static final int MATCHED = -1;

  /** No thread alive and none can start (an anchored pattern past its start): no match. */
  private static final int DEAD = -3;

  private static final int AT_START = 1;
  private static final int PREV_WORD = 2;
  private static final int PREV_NEWLINE = 4;

  private final ByteNfa nfa;
  private final int[] byteClass;
  private final Map<Key, Integer> ids = new HashMap<>();
  private final List<int[]> pending = new ArrayList<>();
  private final List<Integer> flags = new ArrayList<>();

  /** Transitions by state and byte class; a plain array, as the scan reads it once per byte. */
  private int[][] next = new int[16][];

  private final List<Byte> acceptsAtEnd = new ArrayList<>();

  // scratch for closures
  private final int[] mark;
  private int generation;
  private final int[] stack;
  private final int[] found;

  private record Key(int[] threads, int flags) {
    @Override
    public boolean equals(Object o) {
      return o instanceof Key k && k.flags == flags && Arrays.equals(k.threads, threads);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(threads) * 31 + flags;
    }
  }

  ByteDfa(ByteNfa nfa) {
    this.nfa = nfa;
    this.byteClass = nfa.byteClass;
    mark = new int[nfa.size()];
    stack = new int[nfa.size() * 2 + 2];
    found = new int[nfa.size()];
  }

  /** Whether the expression matches somewhere in {@code value} (a byte string). */
  boolean find(String value) {
    int state = initial();
    for (int k = 0; k < value.length(); k++) {
      char ch = value.charAt(k);
      if (ch > 255) {
        return false; // values hold bytes only; a char above 255 matches no byte set
      }
      int cls = byteClass[ch];
      int target = next[state][cls];
      if (target == UNKNOWN) {
        target = step(state, cls);
        if (target >= 0 && ids.size() > MAX_STATES) {
          // empty the cache and carry on from the same threads
          int[] threads = pending.get(target);
          int f = flags.get(target);
          clear();
          target = intern(threads, f);
        }
      }
      if (target == MATCHED) {
        return true;
      }
      if (target == DEAD) {
        return false;
      }
      state = target;
    }
    return acceptsAtEnd(state);
  }

  /** The start state, always the first one interned (here, or when the cache was emptied). */
  private int initial() {
    if (ids.isEmpty()) {
      intern(new int[0], AT_START);
    }
    return 0;
  }

  private void clear() {
    ids.clear();
    pending.clear();
    flags.clear();
    Arrays.fill(next, null);
    acceptsAtEnd.clear();
    intern(new int[0], AT_START);
  }

  private int intern(int[] threads, int f) {
    Key key = new Key(threads, f);
    Integer id = ids.get(key);
    if (id != null) {
      return id;
    }
    int created = pending.size();
    ids.put(key, created);
    pending.add(threads);
    flags.add(f);
    int[] row = new int[nfa.classes];
    Arrays.fill(row, UNKNOWN);
    if (created == next.length) {
      next = Arrays.copyOf(next, created * 2);
    }
    next[created] = row;
    acceptsAtEnd.add((byte) -1);
    return created;
  }

  /** Computes and caches the transition of {@code state} on byte class {@code cls}. */
  private int step(int state, int cls) {
    int f = flags.get(state);
    int n = closure(pending.get(state), f, cls);
    int target;
    if (n < 0) {
      target = MATCHED;
    } else {
      int[] threads = new int[n];
      int count = 0;
      for (int k = 0; k < n; k++) {
        int inst = found[k];
        if (nfa.accepts[inst][cls]) {
          threads[count++] = nfa.out1[inst];
        }
      }
      threads = Arrays.copyOf(threads, count);
      Arrays.sort(threads);
      threads = dedupe(threads);
      int nf = 0;
      if (nfa.usesContext) {
        nf = (nfa.wordClass[cls] ? PREV_WORD : 0) | (nfa.newlineClass[cls] ? PREV_NEWLINE : 0);
      }
      target = nfa.anchored && count == 0 ? DEAD : intern(threads, nf);
    }
    next[state][cls] = target;
    return target;
  }

  private boolean acceptsAtEnd(int state) {
    byte known = acceptsAtEnd.get(state);
    if (known < 0) {
      known = (byte) (closure(pending.get(state), flags.get(state), -1) < 0 ? 1 : 0);
      acceptsAtEnd.set(state, known);
    }
    return known == 1;
  }

  /**
   * Follows empty transitions from the threads (plus a new thread at the start, as the search is
   * unanchored) in the context of the previous byte ({@code f}) and the next byte class ({@code
   * cls}, -1 at the end). Leaves the byte-consuming instructions in {@link #found} and returns
   * their count, or -1 when the match instruction is reached.
   */
  private int closure(int[] threads, int f, int cls) {
    if (++generation == Integer.MAX_VALUE) {
      Arrays.fill(mark, 0);
      generation = 1;
    }
    int sp = 0;
    stack[sp++] = nfa.start;
    for (int k = threads.length - 1; k >= 0; k--) {
      stack[sp++] = threads[k];
    }
    int n = 0;
    while (sp > 0) {
      int inst = stack[--sp];
      if (mark[inst] == generation) {
        continue;
      }
      mark[inst] = generation;
      switch (nfa.op[inst]) {
        case ByteNfa.MATCH:
          return -1;
        case ByteNfa.CHARS:
          found[n++] = inst;
          break;
        case ByteNfa.SPLIT:
          stack[sp++] = nfa.out2[inst];
          stack[sp++] = nfa.out1[inst];
          break;
        default:
          if (holds(nfa.assertion[inst], f, cls)) {
            stack[sp++] = nfa.out1[inst];
          }
      }
    }
    return n;
  }

  private boolean holds(RegexNode.Kind kind, int f, int cls) {
    boolean atStart = (f & AT_START) != 0;
    boolean atEnd = cls < 0;
    return switch (kind) {
      case BEGIN_TEXT -> atStart;
      case END_TEXT -> atEnd;
      case BEGIN_LINE -> atStart || (f & PREV_NEWLINE) != 0;
      case END_LINE -> atEnd || nfa.newlineClass[cls];
      case WORD_BOUNDARY -> ((f & PREV_WORD) != 0) != (!atEnd && nfa.wordClass[cls]);
      case NOT_WORD_BOUNDARY -> ((f & PREV_WORD) != 0) == (!atEnd && nfa.wordClass[cls]);
    };
  }

  private static int[] dedupe(int[] sorted) {
    int w = 0;
    for (int r = 0; r < sorted.length; r++) {
      if (w == 0 || sorted[w - 1] != sorted[r]) {
        sorted[w++] = sorted[r];
      }
    }
    return w == sorted.length ? sorted : Arrays.copyOf(sorted, w);
  }
}
