package ai.traceable.tme.engine.response;

import java.util.List;

/**
 * {@code leak-us-ssn}: a United States Social Security number written {@code AAA-GG-SSSS}, not
 * inside a longer token of digits or dashes, and valid as the SSA issues them: area not 000, 666 or
 * 900-999, group not 00, serial not 0000. Undashed nine-digit runs are not reported: too many other
 * numbers look like them. One pass over the text.
 */
public final class UsSsnLeak implements LeakDetector {
  @Override
  public String ruleId() {
    return "leak-us-ssn";
  }

  @Override
  public String category() {
    return "pii";
  }

  @Override
  public void find(ResponseText text, List<LeakSpan> out) {
    String s = text.text();
    int from = 0;
    while (true) {
      int dash = s.indexOf('-', from);
      if (dash < 0) {
        return;
      }
      from = dash + 1;
      int start = dash - 3;
      if (start < 0 || !matchesAt(s, start)) {
        continue;
      }
      out.add(new LeakSpan(start, start + 11));
      from = start + 11;
    }
  }

  private static boolean matchesAt(String s, int i) {
    if (i + 11 > s.length()) {
      return false;
    }
    for (int k = 0; k < 11; k++) {
      char c = s.charAt(i + k);
      boolean dashHere = k == 3 || k == 6;
      if (dashHere ? c != '-' : !isDigit(c)) {
        return false;
      }
    }
    if (i > 0 && isBoundaryBreaker(s.charAt(i - 1))) {
      return false;
    }
    if (i + 11 < s.length() && isBoundaryBreaker(s.charAt(i + 11))) {
      return false;
    }
    int area = Integer.parseInt(s, i, i + 3, 10);
    int group = Integer.parseInt(s, i + 4, i + 6, 10);
    int serial = Integer.parseInt(s, i + 7, i + 11, 10);
    return area != 0 && area != 666 && area < 900 && group != 0 && serial != 0;
  }

  private static boolean isBoundaryBreaker(char c) {
    return isDigit(c) || c == '-';
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }
}
