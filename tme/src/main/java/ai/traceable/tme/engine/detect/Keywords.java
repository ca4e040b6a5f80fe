package ai.traceable.tme.engine.detect;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A set of lower-case ASCII keywords found in one pass over a text (Aho-Corasick, compiled into a
 * transition table over character classes). It does what {@code org.ahocorasick.trie.Trie} does,
 * without boxing a character or allocating per match: detectors run it on most values of every
 * request, and the library's per-character hash lookups cost about twice as much.
 *
 * <p>Characters outside ASCII never occur in a keyword and lead back to the start state. Immutable
 * after construction and safe to share.
 */
public final class Keywords {
  /** Receives a match; returns false to stop the scan. */
  @FunctionalInterface
  public interface Sink {
    boolean found(int keyword, int start, int end);
  }

  private final String[] words;
  private final int[] charClass = new int[128];
  private final int classes;
  private final int[] outputStart;
  private final int[] outputs;

  /**
   * The transition table: entries are the next state times the number of classes, so no
   * multiplication per character, and bitwise complemented when that state reports keywords, so no
   * output lookup per character.
   */
  private final int[] step;

  public Keywords(String... words) {
    this(false, words);
  }

  /**
   * Keywords found whatever the ASCII case of the text: each keyword must be lower case, and an
   * upper-case letter in the text counts as its lower-case form, so mixed-case text needs no
   * lower-cased copy.
   */
  public static Keywords ignoringAsciiCase(String... words) {
    return new Keywords(true, words);
  }

  private Keywords(boolean foldCase, String... words) {
    this.words = words.clone();
    this.classes = classify(foldCase);
    Trie trie = trie();
    int states = trie.children().size();
    int[] next = new int[states * classes];
    List<List<Integer>> out = link(trie, next);
    this.outputStart = new int[states + 1];
    this.outputs = flatten(out, outputStart);
    this.step = steps(next);
  }

  /** A keyword trie: per state its children by class, and the keywords ending there. */
  private record Trie(List<int[]> children, List<List<Integer>> ends) {}

  /** Gives each character of the keywords a class (1..); returns the number of classes. */
  private int classify(boolean foldCase) {
    int c = 1;
    for (String w : words) {
      for (int i = 0; i < w.length(); i++) {
        char ch = w.charAt(i);
        if (ch >= 128) {
          throw new IllegalArgumentException("keywords are ASCII: " + w);
        }
        if (foldCase && ch >= 'A' && ch <= 'Z') {
          throw new IllegalArgumentException("keywords ignoring case are lower case: " + w);
        }
        if (charClass[ch] == 0) {
          charClass[ch] = c++;
        }
      }
    }
    if (foldCase) {
      for (char ch = 'A'; ch <= 'Z'; ch++) {
        charClass[ch] = charClass[Character.toLowerCase(ch)];
      }
    }
    return c;
  }

  private Trie trie() {
    List<int[]> children = new ArrayList<>();
    List<List<Integer>> ends = new ArrayList<>();
    children.add(new int[classes]);
    ends.add(new ArrayList<>());
    for (int k = 0; k < words.length; k++) {
      int s = 0;
      for (int i = 0; i < words[k].length(); i++) {
        int cls = charClass[words[k].charAt(i)];
        if (children.get(s)[cls] == 0) {
          children.get(s)[cls] = children.size();
          children.add(new int[classes]);
          ends.add(new ArrayList<>());
        }
        s = children.get(s)[cls];
      }
      ends.get(s).add(k);
    }
    return new Trie(children, ends);
  }

  /**
   * Computes the failure links breadth first, folded into the complete transition table {@code
   * next}; returns the keywords each state reports (its own and those of its failure chain).
   */
  private List<List<Integer>> link(Trie trie, int[] next) {
    List<int[]> children = trie.children();
    int[] fail = new int[children.size()];
    ArrayDeque<Integer> queue = new ArrayDeque<>();
    for (int cls = 0; cls < classes; cls++) {
      int child = children.get(0)[cls];
      next[cls] = child;
      if (child != 0) {
        queue.add(child);
      }
    }
    List<List<Integer>> out = new ArrayList<>(trie.ends());
    while (!queue.isEmpty()) {
      int s = queue.poll();
      List<Integer> merged = new ArrayList<>(trie.ends().get(s));
      merged.addAll(out.get(fail[s]));
      out.set(s, merged);
      for (int cls = 0; cls < classes; cls++) {
        int child = children.get(s)[cls];
        if (child != 0) {
          fail[child] = next[fail[s] * classes + cls];
          next[s * classes + cls] = child;
          queue.add(child);
        } else {
          next[s * classes + cls] = next[fail[s] * classes + cls];
        }
      }
    }
    return out;
  }

  /** Lays the reported keywords out in one array, state by state, indexed by {@code start}. */
  private static int[] flatten(List<List<Integer>> out, int[] start) {
    int states = out.size();
    int total = 0;
    for (int s = 0; s < states; s++) {
      start[s] = total;
      total += out.get(s).size();
    }
    start[states] = total;
    int[] flat = new int[total];
    for (int s = 0; s < states; s++) {
      int i = start[s];
      for (int k : out.get(s)) {
        flat[i++] = k;
      }
    }
    return flat;
  }

  /** The transition table with targets pre-multiplied, complemented where a state reports. */
  private int[] steps(int[] next) {
    int[] table = new int[next.length];
    for (int i = 0; i < next.length; i++) {
      int target = next[i];
      int base = target * classes;
      table[i] = outputStart[target] != outputStart[target + 1] ? ~base : base;
    }
    return table;
  }

  /** The keyword with index {@code k}. */
  public String word(int k) {
    return words[k];
  }

  /** Reports every keyword occurrence in {@code s[from, to)} (lower case expected). */
  public void scan(String s, int from, int to, Sink sink) {
    run(s, from, to, sink);
  }

  /**
   * Reports every keyword occurrence in {@code s} as {@link #scan} does, and tells whether the
   * whole text was ASCII. A character outside ASCII restarts matching, so an occurrence that only
   * Unicode case folding would reveal (the Kelvin sign for {@code k}) is not reported: when this
   * returns false, treat the text as possibly holding any keyword.
   */
  public boolean scanAscii(String s, Sink sink) {
    return run(s, 0, s.length(), sink);
  }

  /** The scan; returns whether {@code s[from, to)} was ASCII up to where the sink stopped it. */
  private boolean run(String s, int from, int to, Sink sink) {
    int[] table = step;
    int[] classOf = charClass;
    boolean ascii = true;
    int base = 0;
    for (int i = from; i < to; i++) {
      char ch = s.charAt(i);
      if (ch >= 128) {
        base = 0;
        ascii = false;
        continue;
      }
      int t = table[base + classOf[ch]];
      if (t >= 0) {
        base = t;
        continue;
      }
      base = ~t;
      int state = base / classes;
      for (int o = outputStart[state], end = outputStart[state + 1]; o < end; o++) {
        int k = outputs[o];
        if (!sink.found(k, i + 1 - words[k].length(), i + 1)) {
          return ascii;
        }
      }
    }
    return ascii;
  }

  /** Whether any keyword occurs in {@code s}. */
  public boolean containsAny(String s) {
    int[] table = step;
    int[] classOf = charClass;
    int base = 0;
    for (int i = 0; i < s.length(); i++) {
      char ch = s.charAt(i);
      if (ch >= 128) {
        base = 0;
      } else {
        int t = table[base + classOf[ch]];
        if (t < 0) {
          return true;
        }
        base = t;
      }
    }
    return false;
  }

  /**
   * {@code seed} with {@code bits[k]} added for every keyword {@code k} occurring in {@code s}; all
   * bits (-1) as soon as {@code s} holds a character outside ASCII, which case folding might turn
   * into a keyword. Stops once every bit is set.
   */
  public long union(String s, long[] bits, long seed) {
    int[] table = step;
    int[] classOf = charClass;
    long union = seed;
    int base = 0;
    for (int i = 0; i < s.length(); i++) {
      char ch = s.charAt(i);
      if (ch >= 128) {
        return -1L;
      }
      int t = table[base + classOf[ch]];
      if (t >= 0) {
        base = t;
        continue;
      }
      base = ~t;
      int state = base / classes;
      for (int o = outputStart[state], end = outputStart[state + 1]; o < end; o++) {
        union |= bits[outputs[o]];
      }
      if (union == -1L) {
        return union;
      }
    }
    return union;
  }

  /** Decides whether an occurrence ending at {@code end} (exclusive) counts. */
  @FunctionalInterface
  public interface EndTest {
    boolean accept(String s, int end);
  }

  /**
   * Start of the first occurrence (in order of where it ends) that {@code test} accepts, or -1;
   * {@code s} in lower case.
   */
  public int first(String s, EndTest test) {
    int[] found = {-1};
    scan(
        s,
        0,
        s.length(),
        (k, start, end) -> {
          if (test.accept(s, end)) {
            found[0] = start;
            return false;
          }
          return true;
        });
    return found[0];
  }

  /**
   * Start of the first occurrence whose end is a word boundary: the keyword ends in a
   * non-alphanumeric character, or the next character is not a letter or digit. -1 when there is
   * none. {@code s} is expected in lower case.
   */
  public int firstBounded(String s) {
    return first(
        s,
        (text, end) ->
            !Character.isLetterOrDigit(text.charAt(end - 1))
                || end >= text.length()
                || !Character.isLetterOrDigit(text.charAt(end)));
  }

  /** Start of the first occurrence of any keyword, or -1; {@code s} in lower case. */
  public int first(String s) {
    int[] found = {-1};
    scan(
        s,
        0,
        s.length(),
        (k, start, end) -> {
          found[0] = start;
          return false;
        });
    return found[0];
  }

  @Override
  public String toString() {
    return "Keywords" + Arrays.toString(words);
  }
}
