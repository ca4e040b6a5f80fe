package ai.traceable.tme.engine.seclang.model;

import java.util.ArrayList;
import java.util.List;

/**
 * A set of rule ids written as numbers and ranges: {@code 942100}, {@code 1-999999}, {@code "1 5
 * 10-20"}.
 */
public record IdRanges(List<long[]> ranges) {

  public IdRanges {
    ranges = List.copyOf(ranges);
  }

  /** Parses space- or comma-separated ids and {@code low-high} ranges. */
  public static IdRanges parse(String text) {
    List<long[]> ranges = new ArrayList<>();
    for (String token : text.strip().split("[\\s,]+")) {
      if (token.isEmpty()) {
        continue;
      }
      int dash = token.indexOf('-', 1);
      try {
        if (dash < 0) {
          long id = Long.parseLong(token);
          ranges.add(new long[] {id, id});
        } else {
          ranges.add(
              new long[] {
                Long.parseLong(token.substring(0, dash)), Long.parseLong(token.substring(dash + 1))
              });
        }
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("invalid rule id or range: " + token);
      }
    }
    if (ranges.isEmpty()) {
      throw new IllegalArgumentException("no rule id given");
    }
    return new IdRanges(ranges);
  }

  /** Whether {@code id} is in the set. */
  public boolean contains(long id) {
    for (long[] r : ranges) {
      if (id >= r[0] && id <= r[1]) {
        return true;
      }
    }
    return false;
  }
}
