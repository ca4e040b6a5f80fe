package ai.traceable.tme.engine.seclang.operator;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * Finds any of a set of phrases in a byte string in one pass, ignoring ASCII case (Aho-Corasick
 * compiled into a transition table over the byte classes the phrases use). It serves {@code @pm}
 * and {@code @pmFromFile}, and the literal prefilter of {@code @rx}. Immutable after construction
 * and thread-safe; the scan allocates nothing.
 */
final class PhraseMatcher {
  private final String[] phrases;
  private final int[] byteClass = new int[256];
  private final int classes;
  private final int shift;

  /** Next state times {@link #classes}; complemented when the target state ends a phrase. */
  private final int[] step;

  /** For each state that ends a phrase, the index of the longest phrase ending there. */
  private final int[] output;

  /** For each state, every phrase ending there (through the failure chain too), or null. */
  private final int[][] allOutputs;

  private PhraseMatcher(List<String> phrases) {
    this.phrases = phrases.toArray(String[]::new);
    int c = 1;
    for (String phrase : phrases) {
      for (int k = 0; k < phrase.length(); k++) {
        char ch = phrase.charAt(k);
        if (byteClass[ch] == 0) {
          byteClass[ch] = c++;
        }
      }
    }
    // a power of two, so a table offset turns into its state with a shift, not a division
    classes = c <= 1 ? 1 : Integer.highestOneBit(c - 1) << 1;
    shift = Integer.numberOfTrailingZeros(classes);
    for (char ch = 'A'; ch <= 'Z'; ch++) {
      byteClass[ch] = byteClass[ch + 32];
    }
    Trie trie = new Trie(classes);
    for (int p = 0; p < phrases.size(); p++) {
      trie.add(phrases.get(p), p, byteClass);
    }
    int states = trie.children.size();
    step = new int[states * classes];
    output = trie.finish(step);
    allOutputs = trie.allOutputs;
  }

  /**
   * A matcher for {@code phrases} (byte strings; ASCII letters are folded to lower case, empty
   * phrases are dropped, duplicates kept once).
   */
  static PhraseMatcher of(Collection<String> phrases) {
    LinkedHashSet<String> folded = new LinkedHashSet<>();
    for (String phrase : phrases) {
      if (!phrase.isEmpty()) {
        folded.add(foldAscii(phrase));
      }
    }
    return new PhraseMatcher(List.copyOf(folded));
  }

  static String foldAscii(String s) {
    StringBuilder out = new StringBuilder(s.length());
    for (int k = 0; k < s.length(); k++) {
      char ch = s.charAt(k);
      out.append(ch >= 'A' && ch <= 'Z' ? (char) (ch + 32) : ch);
    }
    return out.toString();
  }

  boolean isEmpty() {
    return phrases.length == 0;
  }

  /** Whether {@code value} contains any phrase (ignoring ASCII case). */
  boolean containsAny(String value) {
    return scan(value) >= 0;
  }

  /** The part of {@code value} matched by the first phrase to end, or null. */
  String firstMatch(String value) {
    long found = scan(value);
    if (found < 0) {
      return null;
    }
    int end = (int) found;
    int length = phrases[(int) (found >>> 32)].length();
    return value.substring(end - length, end);
  }

  /** Receives the index (in {@link #phrases()} order) of every phrase occurrence. */
  @FunctionalInterface
  interface Sink {
    void found(int phrase);
  }

  /** The phrases as matched: ASCII lower case, duplicates removed. */
  List<String> phrases() {
    return List.of(phrases);
  }

  /** Reports every occurrence of every phrase in {@code value} (a phrase may repeat). */
  void forEachMatch(String value, Sink sink) {
    int[] table = step;
    int state = 0;
    for (int k = 0; k < value.length(); k++) {
      char ch = value.charAt(k);
      int next = table[state + (ch < 256 ? byteClass[ch] : 0)];
      if (next < 0) {
        next = ~next;
        for (int phrase : allOutputs[next / classes]) {
          sink.found(phrase);
        }
      }
      state = next;
    }
  }

  /** How many automaton states there are (see {@link #outputs}). */
  int states() {
    return step.length / classes;
  }

  /** The phrases (indexes in {@link #phrases()} order) found on reaching {@code state}, or null. */
  int[] outputs(int state) {
    return allOutputs[state];
  }

  /**
   * ORs into {@code bits} the mask of every state the scan of {@code value} reaches that ends a
   * phrase: {@code masks[state]} (made by the caller from {@link #outputs}), so a state reached
   * many times costs one OR each time and no per-phrase work.
   */
  void orMasks(String value, long[][] masks, long[] bits) {
    int[] table = step;
    int sh = shift;
    int state = 0;
    // states already ORed, direct-mapped: on a long value the same few states recur many times
    int[] done = new int[64];
    for (int k = 0; k < value.length(); k++) {
      char ch = value.charAt(k);
      int next = table[state + (ch < 256 ? byteClass[ch] : 0)];
      if (next < 0) {
        next = ~next;
        int s = next >>> sh;
        if (done[s & 63] != s + 1) {
          long[] mask = masks[s];
          for (int w = 0; w < mask.length; w++) {
            bits[w] |= mask[w];
          }
          done[s & 63] = s + 1;
        }
      }
      state = next;
    }
  }

  /** The end of the first match and, in the high half, its phrase; -1 when none. */
  private long scan(String value) {
    int[] table = step;
    int state = 0;
    for (int k = 0; k < value.length(); k++) {
      char ch = value.charAt(k);
      int next = table[state + (ch < 256 ? byteClass[ch] : 0)];
      if (next < 0) {
        return ((long) output[~next / classes] << 32) | (k + 1);
      }
      state = next;
    }
    return -1;
  }

  /** The goto trie while building, turned into the transition table by {@link #finish}. */
  private static final class Trie {
    private final int classes;
    private final List<int[]> children = new ArrayList<>();
    private final List<Integer> ends = new ArrayList<>();
    private int[][] allOutputs;

    Trie(int classes) {
      this.classes = classes;
      children.add(new int[classes]);
      ends.add(-1);
    }

    void add(String phrase, int index, int[] byteClass) {
      int s = 0;
      for (int k = 0; k < phrase.length(); k++) {
        int c = byteClass[phrase.charAt(k)];
        int next = children.get(s)[c];
        if (next == 0) {
          next = children.size();
          children.add(new int[classes]);
          ends.add(-1);
          children.get(s)[c] = next;
        }
        s = next;
      }
      if (ends.get(s) < 0) {
        ends.set(s, index);
      }
    }

    /** Fills {@code step} breadth first with failure transitions; returns the outputs. */
    int[] finish(int[] step) {
      int states = children.size();
      int[] fail = new int[states];
      int[] out = new int[states];
      allOutputs = new int[states][];
      for (int s = 0; s < states; s++) {
        out[s] = ends.get(s);
      }
      ArrayDeque<Integer> queue = new ArrayDeque<>();
      for (int c = 0; c < classes; c++) {
        int child = children.get(0)[c];
        step[c] = child * classes;
        if (child != 0) {
          queue.add(child);
        }
      }
      while (!queue.isEmpty()) {
        int s = queue.poll();
        if (out[s] < 0) {
          out[s] = out[fail[s]]; // a shorter phrase ending here through the failure chain
        }
        allOutputs[s] = merged(ends.get(s), allOutputs[fail[s]]);
        for (int c = 0; c < classes; c++) {
          int child = children.get(s)[c];
          int viaFail = plain(step[fail[s] * classes + c]) / classes;
          if (child != 0) {
            fail[child] = viaFail;
            queue.add(child);
            step[s * classes + c] = child * classes;
          } else {
            step[s * classes + c] = viaFail * classes;
          }
        }
      }
      for (int k = 0; k < step.length; k++) {
        int target = step[k] / classes;
        if (out[target] >= 0 && target != 0) {
          step[k] = ~step[k];
        }
      }
      return out;
    }

    private static int[] merged(int own, int[] inherited) {
      if (own < 0) {
        return inherited;
      }
      if (inherited == null) {
        return new int[] {own};
      }
      int[] all = new int[inherited.length + 1];
      all[0] = own;
      System.arraycopy(inherited, 0, all, 1, inherited.length);
      return all;
    }

    private static int plain(int entry) {
      return entry < 0 ? ~entry : entry;
    }
  }
}
