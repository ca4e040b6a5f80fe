package ai.traceable.tme.engine.response;

import java.util.List;

/**
 * {@code leak-uk-nino}: a United Kingdom National Insurance number, two prefix letters, six digits
 * and a suffix letter A-D, written together or in the usual pairs ({@code QQ 12 34 56 C}), as a
 * word of its own. The prefix follows HMRC's rules: neither letter D, F, I, Q, U or V, the second
 * not O, and not BG, GB, KN, NK, NT, TN or ZZ. Upper case only, as the number is printed. One pass.
 */
public final class UkNinoLeak implements LeakDetector {
  private static final List<String> NOT_ISSUED = List.of("BG", "GB", "KN", "NK", "NT", "TN", "ZZ");

  @Override
  public String ruleId() {
    return "leak-uk-nino";
  }

  @Override
  public String category() {
    return "pii";
  }

  @Override
  public void find(ResponseText text, List<LeakSpan> out) {
    String s = text.text();
    int n = s.length();
    for (int i = 0; i + 9 <= n; i++) {
      if (!isUpper(s.charAt(i)) || (i > 0 && isWordChar(s.charAt(i - 1)))) {
        continue;
      }
      int end = matchAt(s, i);
      if (end > 0) {
        out.add(new LeakSpan(i, end));
        i = end - 1;
      }
    }
  }

  /** End of a number starting at {@code i}, or -1. */
  private static int matchAt(String s, int i) {
    char a = s.charAt(i);
    char b = s.charAt(i + 1);
    if (!validPrefix(a, b)) {
      return -1;
    }
    int p = i + 2;
    for (int pair = 0; pair < 3; pair++) {
      if (p < s.length() && s.charAt(p) == ' ') {
        p++;
      }
      if (p + 2 > s.length() || !isDigit(s.charAt(p)) || !isDigit(s.charAt(p + 1))) {
        return -1;
      }
      p += 2;
    }
    if (p < s.length() && s.charAt(p) == ' ') {
      p++;
    }
    if (p >= s.length() || s.charAt(p) < 'A' || s.charAt(p) > 'D') {
      return -1;
    }
    p++;
    if (p < s.length() && isWordChar(s.charAt(p))) {
      return -1;
    }
    return p;
  }

  private static boolean validPrefix(char a, char b) {
    if (!isUpper(b) || "DFIQUV".indexOf(a) >= 0 || "DFIQUVO".indexOf(b) >= 0) {
      return false;
    }
    return !NOT_ISSUED.contains("" + a + b);
  }

  private static boolean isUpper(char c) {
    return c >= 'A' && c <= 'Z';
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static boolean isWordChar(char c) {
    return isUpper(c) || isDigit(c) || (c >= 'a' && c <= 'z') || c == '_';
  }
}
