package ai.traceable.tme.engine.detect;

import ai.traceable.tme.engine.inspect.Inspected;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The gates of the running detectors compiled into one pass: for a value, the set of detectors (bit
 * {@code i} for the detector at index {@code i}) whose {@link Gate} is open. The needles of all
 * gates form one {@link Keywords} automaton, so a value is read once (twice when its raw form
 * differs from its decoded one) whatever the number of detectors. Detectors past the 64th always
 * run. Immutable and thread-safe.
 */
final class Gates {
  private final long always;
  private final long all;
  private final Keywords needles;
  private final long[] needleBits;
  private final Keywords names;
  private final long[] nameBits;

  Gates(Detector[] detectors) {
    long open = 0;
    Map<String, Long> text = new LinkedHashMap<>();
    Map<String, Long> name = new LinkedHashMap<>();
    for (int i = 0; i < Math.min(detectors.length, 64); i++) {
      Gate g = detectors[i].gate();
      long bit = 1L << i;
      if (g.always()) {
        open |= bit;
        continue;
      }
      g.needles().forEach(n -> text.merge(n, bit, (a, b) -> a | b));
      g.nameNeedles().forEach(n -> name.merge(n, bit, (a, b) -> a | b));
    }
    this.all = detectors.length >= 64 ? -1L : (1L << detectors.length) - 1;
    this.always = open | ~all;
    this.needles = text.isEmpty() ? null : compile(text);
    this.needleBits = bits(text);
    this.names = name.isEmpty() ? null : compile(name);
    this.nameBits = bits(name);
  }

  private static Keywords compile(Map<String, Long> needles) {
    return Keywords.ignoringAsciiCase(needles.keySet().toArray(new String[0]));
  }

  private static long[] bits(Map<String, Long> needles) {
    List<Long> values = new ArrayList<>(needles.values());
    long[] out = new long[values.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = values.get(i);
    }
    return out;
  }

  /** The detectors that may find something in {@code value}, as bits of their indexes. */
  long open(Inspected value) {
    long open = always;
    if (needles != null) {
      String decoded = value.decoded();
      open = needles.union(decoded, needleBits, open);
      String raw = value.raw();
      if (open != -1L && raw != decoded && !raw.equals(decoded)) {
        open = needles.union(raw, needleBits, open);
      }
    }
    if (names != null && open != -1L) {
      open = names.union(value.name(), nameBits, open);
    }
    return open;
  }
}
