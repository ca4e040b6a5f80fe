package ai.traceable.tme.engine.detect.ldap;

import ai.traceable.tme.engine.detect.AttackClass;
import ai.traceable.tme.engine.detect.Chars;
import ai.traceable.tme.engine.detect.DetectionRule;
import ai.traceable.tme.engine.detect.Detector;
import ai.traceable.tme.engine.detect.Gate;
import ai.traceable.tme.engine.detect.Hits;
import ai.traceable.tme.engine.detect.RuleTable;
import ai.traceable.tme.engine.detect.Severity;
import ai.traceable.tme.engine.inspect.Inspected;
import java.util.Locale;

/**
 * LDAP injection: a value pasted into a search filter such as {@code (&(uid=VALUE)(pw=...))} that
 * closes the assertion it was meant to fill and opens one of its own ({@code *)(uid=*))(|(uid=*}),
 * matches everything ({@code objectClass=*}) or cuts the rest of the filter off with a NUL.
 *
 * <p>A closing parenthesis followed by an opening one is rare in text, and rarer still when what
 * follows is a filter operator ({@code &}, {@code |}, {@code !}) or an attribute assertion ({@code
 * name=}, {@code name>=}, {@code name:1.2.3:=}); company names, phone numbers and formulas have
 * parentheses but not that sequence. LDAP string escapes ({@code \2a} for {@code *}, {@code \28}
 * for {@code (}) are undone first, since servers that unescape twice accept them. Values without a
 * parenthesis cost one scan for it.
 */
public final class LdapDetector implements Detector {
  private static final RuleTable.Builder RULES = RuleTable.builder(AttackClass.LDAP);
  static final DetectionRule BREAKOUT =
      RULES.add(
          "ldap-100",
          Severity.CRITICAL,
          1,
          "Closing parenthesis followed by a new filter component (LDAP filter breakout)");
  static final DetectionRule PROBE =
      RULES.add("ldap-110", Severity.CRITICAL, 1, "Value made only of LDAP filter metacharacters");
  static final DetectionRule MATCH_ALL =
      RULES.add(
          "ldap-120",
          Severity.CRITICAL,
          1,
          "Wildcard assertion on objectClass or a password attribute");
  static final DetectionRule NUL_CUT =
      RULES.add(
          "ldap-130",
          Severity.CRITICAL,
          1,
          "Closing parenthesis followed by a NUL byte (filter truncation)");
  static final DetectionRule WILDCARD_ASSERTION =
      RULES.add(
          "ldap-140", Severity.CRITICAL, 2, "Parenthesised attribute assertion with a wildcard");
  static final RuleTable TABLE = RULES.build();

  /** Longest value taken as a metacharacter probe. */
  private static final int MAX_PROBE = 32;

  /** Longest attribute description looked back over from a {@code =*}. */
  private static final int MAX_ATTRIBUTE = 64;

  /** A filter breaks out with a parenthesis or asserts with an equals sign. */
  private static final Gate GATE = Gate.anyOf(")", "=");

  @Override
  public Gate gate() {
    return GATE;
  }

  @Override
  public RuleTable table() {
    return TABLE;
  }

  @Override
  public void inspect(Inspected value, Hits hits) {
    String s = value.decoded();
    if (s.indexOf(')') < 0 && s.indexOf('=') < 0) {
      return;
    }
    if (s.indexOf('\\') >= 0) {
      s = unescape(s);
    }
    int breakout = breakout(s);
    if (breakout >= 0) {
      hits.hit(BREAKOUT, Detector.snippet(s, breakout));
    }
    if (probe(s)) {
      hits.hit(PROBE, Detector.snippet(s, 0));
    }
    String lower = s.toLowerCase(Locale.ROOT);
    int all = matchAll(lower);
    if (all >= 0) {
      hits.hit(MATCH_ALL, Detector.snippet(s, all));
    }
    String raw = value.raw().toLowerCase(Locale.ROOT);
    int cut = Math.max(raw.indexOf("%29%00"), raw.indexOf(")%00"));
    if (cut >= 0) {
      hits.hit(NUL_CUT, Detector.snippet(value.raw(), cut));
    }
    int wildcard = wildcardAssertion(s);
    if (wildcard >= 0) {
      hits.hit(WILDCARD_ASSERTION, Detector.snippet(s, wildcard));
    }
  }

  /** The position of a {@code )} that starts a new filter component, or -1. */
  static int breakout(String s) {
    for (int at = s.indexOf(')'); at >= 0; at = s.indexOf(')', at + 1)) {
      int i = skipWhite(s, at + 1);
      if (i >= s.length() || s.charAt(i) != '(') {
        continue;
      }
      while (i < s.length() && (s.charAt(i) == '(' || Chars.isBlank(s.charAt(i)))) {
        i++;
      }
      if (i < s.length() && (s.charAt(i) == '&' || s.charAt(i) == '|' || s.charAt(i) == '!')) {
        return at;
      }
      if (assertionAt(s, i)) {
        return at;
      }
    }
    return -1;
  }

  /**
   * Whether an attribute assertion starts at {@code i}: a name (letters, digits, hyphens, options
   * after {@code ;}) or a numeric OID, optional {@code :dn} and matching-rule parts, then {@code
   * =}, {@code ~=}, {@code >=}, {@code <=} or {@code :=}.
   */
  static boolean assertionAt(String s, int i) {
    int n = s.length();
    if (i >= n || !Chars.isAsciiAlnum(s.charAt(i))) {
      return false;
    }
    int j = i;
    while (j < n && (Chars.isAsciiAlnum(s.charAt(j)) || "-;._".indexOf(s.charAt(j)) >= 0)) {
      j++;
    }
    while (j < n && s.charAt(j) == ':') {
      int k = j + 1;
      while (k < n && (Chars.isAsciiAlnum(s.charAt(k)) || s.charAt(k) == '.')) {
        k++;
      }
      if (k < n && s.charAt(k) == '=' && k == j + 1) {
        return true;
      }
      if (k == j + 1) {
        return false;
      }
      j = k;
    }
    if (j < n && (s.charAt(j) == '~' || s.charAt(j) == '>' || s.charAt(j) == '<')) {
      j++;
    }
    return j < n && s.charAt(j) == '=';
  }

  /** A short value of metacharacters only, holding both parentheses, a star and an operator. */
  static boolean probe(String s) {
    String t = s.strip();
    if (t.length() < 4 || t.length() > MAX_PROBE) {
      return false;
    }
    boolean open = false;
    boolean close = false;
    boolean star = false;
    boolean operator = false;
    for (int i = 0; i < t.length(); i++) {
      char c = t.charAt(i);
      switch (c) {
        case '(' -> open = true;
        case ')' -> close = true;
        case '*' -> star = true;
        case '|', '&' -> operator = true;
        case '!', '=', '\\', '\'', '"', ' ' -> {}
        default -> {
          return false;
        }
      }
    }
    return open && close && star && operator;
  }

  private static final String[] MATCH_ALL_ATTRIBUTES = {
    "objectclass=*", "userpassword=*", "unicodepwd=*", "password=*)", "(password=*"
  };

  private static int matchAll(String lower) {
    if (lower.indexOf('*') < 0) {
      return -1;
    }
    for (String a : MATCH_ALL_ATTRIBUTES) {
      int at = lower.indexOf(a);
      if (at >= 0 && (at == 0 || !Chars.isAsciiAlnum(lower.charAt(at - 1)))) {
        return at;
      }
    }
    return -1;
  }

  /** {@code (name=*}: an assertion opened by the value itself with a wildcard in it. */
  private static int wildcardAssertion(String s) {
    for (int eq = s.indexOf("=*"); eq >= 0; eq = s.indexOf("=*", eq + 2)) {
      for (int at = eq - 1; at >= 0 && eq - at <= MAX_ATTRIBUTE; at--) {
        if (s.charAt(at) == '(') {
          if (assertionAt(s, at + 1)) {
            return at;
          }
          break;
        }
      }
    }
    return -1;
  }

  private static int skipWhite(String s, int from) {
    int i = from;
    while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
      i++;
    }
    return i;
  }

  /** Undoes LDAP string escapes ({@code \2a}, {@code \28}, ...), leaving other backslashes. */
  static String unescape(String s) {
    StringBuilder out = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\' && i + 2 < s.length()) {
        int hi = Chars.hexValue(s.charAt(i + 1));
        int lo = Chars.hexValue(s.charAt(i + 2));
        if (hi >= 0 && lo >= 0) {
          out.append((char) (hi * 16 + lo));
          i += 2;
          continue;
        }
      }
      out.append(c);
    }
    return out.toString();
  }
}
