package ai.traceable.tme.engine.response;

import java.util.List;

/**
 * {@code leak-card-number}: a payment card number (PAN): 13 to 19 digits, written together or in
 * groups separated by single spaces or dashes, not part of a longer run of digits, with a known
 * issuer prefix (Visa, Mastercard, American Express, Discover, JCB, Diners, UnionPay) and a valid
 * Luhn check digit. One hand-written pass over the text; the span covers all but the last four
 * digits, which redaction keeps, as receipts do.
 */
public final class CardNumberLeak implements LeakDetector {
  private static final int MIN_DIGITS = 13;
  private static final int MAX_DIGITS = 19;

  @Override
  public String ruleId() {
    return "leak-card-number";
  }

  @Override
  public String category() {
    return "pii";
  }

  @Override
  public void find(ResponseText text, List<LeakSpan> out) {
    String s = text.text();
    int n = s.length();
    int i = 0;
    while (i < n) {
      if (!isDigit(s.charAt(i)) || (i > 0 && isDigit(s.charAt(i - 1)))) {
        i++;
        continue;
      }
      i = scanCandidate(s, i, out);
    }
  }

  /** Reads digits and single separators from {@code start}; returns where scanning goes on. */
  private static int scanCandidate(String s, int start, List<LeakSpan> out) {
    int n = s.length();
    int[] positions = new int[MAX_DIGITS + 1];
    int digits = 0;
    int i = start;
    int lastDigit = start;
    while (i < n && digits <= MAX_DIGITS) {
      char c = s.charAt(i);
      if (isDigit(c)) {
        positions[digits++] = i;
        lastDigit = i;
        i++;
      } else if ((c == ' ' || c == '-') && i + 1 < n && isDigit(s.charAt(i + 1)) && digits > 0) {
        i++;
      } else {
        break;
      }
    }
    if (digits > MAX_DIGITS) {
      // a longer run of digits (an id, a timestamp): skip all of it
      while (i < n && (isDigit(s.charAt(i)) || s.charAt(i) == ' ' || s.charAt(i) == '-')) {
        i++;
      }
      return i;
    }
    if (digits >= MIN_DIGITS && isCard(s, positions, digits)) {
      out.add(new LeakSpan(start, positions[digits - 4]));
    }
    return lastDigit + 1;
  }

  private static boolean isCard(String s, int[] positions, int digits) {
    int[] d = new int[digits];
    for (int k = 0; k < digits; k++) {
      d[k] = s.charAt(positions[k]) - '0';
    }
    return knownIssuer(d, digits) && luhn(d);
  }

  static boolean luhn(int[] d) {
    int sum = 0;
    boolean twice = false;
    for (int k = d.length - 1; k >= 0; k--) {
      int v = d[k];
      if (twice) {
        v *= 2;
        if (v > 9) {
          v -= 9;
        }
      }
      sum += v;
      twice = !twice;
    }
    return sum % 10 == 0;
  }

  private static boolean knownIssuer(int[] d, int len) {
    int two = d[0] * 10 + d[1];
    int four = two * 100 + d[2] * 10 + d[3];
    if (d[0] == 4) {
      return len == 13 || len == 16 || len == 19; // Visa
    }
    if ((two >= 51 && two <= 55) || (four >= 2221 && four <= 2720)) {
      return len == 16; // Mastercard
    }
    if (two == 34 || two == 37) {
      return len == 15; // American Express
    }
    if (four == 6011 || two == 65 || (four >= 6440 && four <= 6499)) {
      return len >= 16; // Discover
    }
    if (four >= 3528 && four <= 3589) {
      return len >= 16; // JCB
    }
    if (two == 36 || two == 38 || (four >= 3000 && four <= 3059)) {
      return len >= 14; // Diners Club
    }
    return two == 62 && len >= 16; // UnionPay
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }
}
