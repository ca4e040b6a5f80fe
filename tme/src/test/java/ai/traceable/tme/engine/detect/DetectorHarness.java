package ai.traceable.tme.engine.detect;

import ai.traceable.tme.engine.decode.Decoding;
import ai.traceable.tme.engine.inspect.Inspected;
import ai.traceable.tme.engine.inspect.Placement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/** Runs a detector on one value the way the engine would and sums what it found. */
public final class DetectorHarness {
  /** The anomaly score at which a request is blocked. */
  public static final int THRESHOLD = 5;

  private DetectorHarness() {}

  /** What one inspection reported. */
  public record Finding(DetectionRule rule, String snippet) {}

  /** The findings for one value. */
  public record Report(List<Finding> findings) {
    /** The summed score of the rules enabled at {@code paranoia}. */
    public int score(int paranoia) {
      int sum = 0;
      for (Finding f : findings) {
        if (f.rule().paranoia() <= paranoia) {
          sum += f.rule().severity().score();
        }
      }
      return sum;
    }

    /** Whether the value alone reaches the blocking threshold at paranoia 1. */
    public boolean blocks() {
      return score(1) >= THRESHOLD;
    }

    /** The ids of the rules enabled at {@code paranoia}. */
    public List<String> ids(int paranoia) {
      return findings.stream()
          .filter(f -> f.rule().paranoia() <= paranoia)
          .map(f -> f.rule().id())
          .collect(Collectors.toList());
    }

    @Override
    public String toString() {
      return findings.stream()
          .map(f -> f.rule().id() + "(p" + f.rule().paranoia() + ")[" + f.snippet() + "]")
          .collect(Collectors.joining(", ", "[", "]"));
    }
  }

  /** A value as the engine presents it: raw text, and decoded through the decoding chain. */
  public static Inspected value(Placement placement, String raw) {
    return value(placement, "v", raw);
  }

  /** As {@link #value(Placement, String)}, for the field {@code name}. */
  public static Inspected value(Placement placement, String name, String raw) {
    boolean plusIsSpace = placement == Placement.QUERY || placement == Placement.FORM;
    return new Inspected(placement, name, raw, Decoding.decode(raw, plusIsSpace));
  }

  /** Inspects {@code raw} in {@code placement} and collects the findings. */
  public static Report run(Detector detector, Placement placement, String raw) {
    return run(detector, value(placement, raw));
  }

  /**
   * Inspects {@code value} and collects the findings; fails when the detector finds something in a
   * value its {@link Gate} keeps shut (the engine would never have shown it the value).
   */
  public static Report run(Detector detector, Inspected value) {
    List<Finding> found = new ArrayList<>();
    detector.inspect(value, (rule, snippet) -> found.add(new Finding(rule, snippet)));
    if (!found.isEmpty() && !gateOpens(detector, value)) {
      throw new AssertionError(
          detector.getClass().getSimpleName() + " found " + found + " behind its shut gate");
    }
    return new Report(found);
  }

  private static final Map<Detector, Gates> GATES = new ConcurrentHashMap<>();

  /** Whether the engine would run {@code detector} on {@code value}. */
  public static boolean gateOpens(Detector detector, Inspected value) {
    Gates gates = GATES.computeIfAbsent(detector, d -> new Gates(new Detector[] {d}));
    return (gates.open(value) & 1L) != 0;
  }

  /** Characters fuzzers draw from: shell, template, lookup and line-break syntax among letters. */
  private static final String FUZZ_ALPHABET =
      "abcdijlnpstxyzACIJLN0123456789 \t\n\r;|&`$(){}[]<>'\"\\/?*%#@!=:,.-_+~^"
          + "\u0000\u00a0\u560a\u010d\u00e9\ud83d\ude00\ud800";

  /** A random string of up to {@code maxLength} characters from a syntax-heavy alphabet. */
  public static String randomText(Random random, int maxLength) {
    int len = random.nextInt(maxLength + 1);
    StringBuilder sb = new StringBuilder(len);
    for (int i = 0; i < len; i++) {
      sb.append(FUZZ_ALPHABET.charAt(random.nextInt(FUZZ_ALPHABET.length())));
    }
    return sb.toString();
  }

  /** {@code seed} with a few random edits: insertions, deletions, swaps, cuts and repeats. */
  public static String mutate(Random random, String seed) {
    StringBuilder sb = new StringBuilder(seed);
    int edits = 1 + random.nextInt(6);
    for (int e = 0; e < edits; e++) {
      int at = sb.length() == 0 ? 0 : random.nextInt(sb.length());
      switch (random.nextInt(6)) {
        case 0 -> sb.insert(at, FUZZ_ALPHABET.charAt(random.nextInt(FUZZ_ALPHABET.length())));
        case 1 -> {
          if (sb.length() > 0) {
            sb.deleteCharAt(at);
          }
        }
        case 2 -> {
          if (sb.length() > 0) {
            sb.setCharAt(at, FUZZ_ALPHABET.charAt(random.nextInt(FUZZ_ALPHABET.length())));
          }
        }
        case 3 -> sb.setLength(at);
        case 4 -> {
          int to = Math.min(sb.length(), at + 1 + random.nextInt(12));
          sb.insert(at, sb.substring(at, to));
        }
        default -> sb.insert(at, seed, 0, Math.min(seed.length(), random.nextInt(16)));
      }
    }
    return sb.toString();
  }

  /** {@code unit} repeated to at least {@code length} characters. */
  public static String repeat(String unit, int length) {
    StringBuilder sb = new StringBuilder(length + unit.length());
    while (sb.length() < length) {
      sb.append(unit);
    }
    return sb.toString();
  }
}
