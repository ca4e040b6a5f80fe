package ai.traceable.tme.engine.policy.signatures;

import ai.traceable.tme.engine.detect.Keywords;
import ai.traceable.tme.engine.policy.PolicyRequest;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Signatures in file order, with a prefilter that spares most of them on most requests.
 *
 * <p>Most signatures can only match when some literal occurs in some part of the request: a {@code
 * CONTAINS 'probe'} on the URL needs "probe" in the URL, an {@code EQUALS} needs its value, a regex
 * needs the literal {@link RegexLiteral} finds in it. Such a literal is the signature's
 * <em>anchor</em> (an {@code all} group takes the best anchor of its members; an {@code any} group
 * needs one on every member and takes them all). Per request, one pass of an Aho-Corasick automaton
 * over each anchored target's values finds which anchors occur; only those signatures, and the ones
 * without an anchor, are evaluated. Skipping a signature whose anchor is absent cannot change the
 * outcome, so results are those of evaluating every signature in order.
 *
 * <p>The automaton ignores ASCII case, which finds a superset of what case-sensitive tests need. A
 * value holding a character outside ASCII could match a case-insensitive test through Unicode case
 * folding (the Kelvin sign folds to {@code k}); such a value makes every signature anchored on its
 * target a candidate. Immutable and thread-safe.
 */
public final class SignatureSet {
  /** Shorter anchors occur too often to spare anything. */
  static final int MIN_ANCHOR = RegexLiteral.MIN_LENGTH;

  public static final SignatureSet EMPTY = new SignatureSet(List.of());

  /** A literal that must occur, ignoring ASCII case, in some value of a target. */
  record Anchor(SignatureTarget target, String literal) {}

  private final List<Signature> signatures;
  private final int words;

  /** Signatures without an anchor: always evaluated. */
  private final long[] unanchored;

  /**
   * Per anchored target: its automaton, which signatures each literal stands for, and all of them.
   */
  private final List<TargetScan> scans;

  private record TargetScan(
      SignatureTarget target, Keywords literals, int[][] signaturesOf, long[] all) {}

  public SignatureSet(List<Signature> signatures) {
    this.signatures = List.copyOf(signatures);
    this.words = (this.signatures.size() + 63) >>> 6;
    this.unanchored = new long[words];
    Map<SignatureTarget, Map<String, List<Integer>>> byTarget =
        new EnumMap<>(SignatureTarget.class);
    for (int i = 0; i < this.signatures.size(); i++) {
      List<Anchor> anchors = anchors(this.signatures.get(i).when());
      if (anchors == null) {
        unanchored[i >>> 6] |= 1L << i;
        continue;
      }
      for (Anchor a : anchors) {
        List<Integer> of =
            byTarget
                .computeIfAbsent(a.target(), t -> new LinkedHashMap<>())
                .computeIfAbsent(a.literal(), l -> new ArrayList<>());
        if (of.isEmpty() || of.get(of.size() - 1) != i) {
          of.add(i);
        }
      }
    }
    List<TargetScan> out = new ArrayList<>();
    for (Map.Entry<SignatureTarget, Map<String, List<Integer>>> e : byTarget.entrySet()) {
      String[] literals = e.getValue().keySet().toArray(new String[0]);
      int[][] signaturesOf = new int[literals.length][];
      long[] all = new long[words];
      for (int k = 0; k < literals.length; k++) {
        signaturesOf[k] =
            e.getValue().get(literals[k]).stream().mapToInt(Integer::intValue).toArray();
        for (int i : signaturesOf[k]) {
          all[i >>> 6] |= 1L << i;
        }
      }
      out.add(new TargetScan(e.getKey(), Keywords.ignoringAsciiCase(literals), signaturesOf, all));
    }
    this.scans = List.copyOf(out);
  }

  List<Signature> all() {
    return signatures;
  }

  public boolean isEmpty() {
    return signatures.isEmpty();
  }

  public int size() {
    return signatures.size();
  }

  /** How many signatures are evaluated on every request because they have no anchor. */
  int unanchoredCount() {
    int n = 0;
    for (long w : unanchored) {
      n += Long.bitCount(w);
    }
    return n;
  }

  /**
   * Evaluates, in file order, the signatures that may match {@code r}, passing each match to {@code
   * onMatch} until it returns true; returns whether it did.
   */
  public boolean forEachMatch(PolicyRequest r, Predicate<Signature> onMatch) {
    if (signatures.isEmpty()) {
      return false;
    }
    long[] candidates = candidates(r);
    for (int w = 0; w < words; w++) {
      long bits = candidates[w];
      while (bits != 0) {
        int i = (w << 6) + Long.numberOfTrailingZeros(bits);
        bits &= bits - 1;
        Signature s = signatures.get(i);
        if (s.matches(r) && onMatch.test(s)) {
          return true;
        }
      }
    }
    return false;
  }

  /** The first signature in file order that matches, or null. */
  public Signature firstMatch(PolicyRequest r) {
    Signature[] found = {null};
    forEachMatch(
        r,
        s -> {
          found[0] = s;
          return true;
        });
    return found[0];
  }

  /** The signatures worth evaluating on {@code r}, as a bit set over their indices. */
  long[] candidates(PolicyRequest r) {
    long[] candidates = unanchored.clone();
    if (!scans.isEmpty()) {
      Scanner scanner = new Scanner(candidates);
      for (TargetScan scan : scans) {
        scanner.scan = scan;
        scan.target().anyValue(r, null, scanner);
      }
    }
    return candidates;
  }

  /** Visits every value of one target (returning false keeps the visit going). */
  private static final class Scanner implements Predicate<String>, Keywords.Sink {
    final long[] candidates;
    TargetScan scan;

    Scanner(long[] candidates) {
      this.candidates = candidates;
    }

    @Override
    public boolean test(String value) {
      if (!scan.literals().scanAscii(value, this)) {
        long[] all = scan.all();
        for (int w = 0; w < all.length; w++) {
          candidates[w] |= all[w];
        }
      }
      return false;
    }

    @Override
    public boolean found(int keyword, int start, int end) {
      for (int i : scan.signaturesOf()[keyword]) {
        candidates[i >>> 6] |= 1L << i;
      }
      return true;
    }
  }

  /**
   * Anchors one of which occurs in the request whenever {@code c} holds, or null when there is no
   * such set worth using.
   */
  static List<Anchor> anchors(SignatureCondition c) {
    if (c instanceof SignatureCondition.TextTest t) {
      return textAnchors(t);
    }
    if (c instanceof SignatureCondition.All all) {
      List<Anchor> best = null;
      for (SignatureCondition member : all.conditions()) {
        List<Anchor> a = anchors(member);
        if (a != null && (best == null || better(a, best))) {
          best = a;
        }
      }
      return best;
    }
    if (c instanceof SignatureCondition.Any any) {
      List<Anchor> union = new ArrayList<>();
      for (SignatureCondition member : any.conditions()) {
        List<Anchor> a = anchors(member);
        if (a == null) {
          return null; // this member may hold without any literal
        }
        union.addAll(a);
      }
      return List.copyOf(union);
    }
    return null; // a number test
  }

  private static List<Anchor> textAnchors(SignatureCondition.TextTest t) {
    if (t.negated()) {
      return null; // a negated test passes on requests that lack its literal
    }
    if (t.name() != null && t.name().startsWith(":")) {
      return null; // pseudo-headers are tested by name but are not among a scan's header values
    }
    List<String> literals = t.matcher().literals();
    if (literals.isEmpty()) {
      return null;
    }
    // the user agent is one of the header values: its literals join theirs, so it is scanned once
    SignatureTarget target =
        t.target() == SignatureTarget.USER_AGENT ? SignatureTarget.HEADER_VALUE : t.target();
    List<Anchor> out = new ArrayList<>(literals.size());
    for (String literal : literals) {
      String anchor = longestAsciiRun(literal);
      if (anchor.length() < MIN_ANCHOR) {
        return null;
      }
      out.add(new Anchor(target, anchor.toLowerCase(Locale.ROOT)));
    }
    return out;
  }

  /**
   * The longest run of ASCII characters in {@code s}: it occurs wherever {@code s} does, and the
   * automaton only follows ASCII.
   */
  static String longestAsciiRun(String s) {
    int bestStart = 0;
    int bestLength = 0;
    int start = 0;
    for (int i = 0; i <= s.length(); i++) {
      if (i == s.length() || s.charAt(i) >= 128) {
        if (i - start > bestLength) {
          bestStart = start;
          bestLength = i - start;
        }
        start = i + 1;
      }
    }
    return s.substring(bestStart, bestStart + bestLength);
  }

  /** A set whose shortest literal is longer filters better; then fewer literals. */
  private static boolean better(List<Anchor> a, List<Anchor> b) {
    int la = shortest(a);
    int lb = shortest(b);
    return la != lb ? la > lb : a.size() < b.size();
  }

  private static int shortest(List<Anchor> anchors) {
    int min = Integer.MAX_VALUE;
    for (Anchor a : anchors) {
      min = Math.min(min, a.literal().length());
    }
    return min;
  }
}
