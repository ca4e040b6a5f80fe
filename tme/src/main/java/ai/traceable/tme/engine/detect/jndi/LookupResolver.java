package ai.traceable.tme.engine.detect.jndi;

import ai.traceable.tme.engine.decode.Decoding;
import java.util.Base64;
import java.util.Locale;
import java.util.Set;

/**
 * Evaluates Log4j 2 lookups the way the logging library would, far enough to see what a value turns
 * into: {@code ${${lower:J}ndi:${lower:L}dap://x}} becomes a {@code jndi} lookup of {@code
 * ldap://x}.
 *
 * <p>Lookups are resolved innermost first with an explicit stack: {@code ${lower:X}} and {@code
 * ${upper:X}} change case, {@code ${date:'X'}} yields its quoted text, {@code ${base64:X}} decodes,
 * a default {@code ${anything:-X}} yields {@code X} (the lookup itself is assumed to fail, as it
 * does for the made-up names attackers use), and every other lookup ({@code ${env:USER}}) yields
 * the empty string. A result that itself contains <code>${</code> is evaluated again, as Log4j
 * does.
 *
 * <p>The work is bounded: evaluation starts at each top-level <code>${</code> and stops after
 * {@value #WINDOW} characters, the stack is at most {@value #MAX_DEPTH} deep (deeper openers are
 * kept as text), results are re-evaluated at most twice, and the scan resumes after the window, so
 * every character is evaluated within one window only.
 */
final class LookupResolver {
  static final int MAX_DEPTH = 16;
  static final int WINDOW = 4096;
  private static final int MAX_NESTED = 2;

  /** Lookups that read the environment of the server: probes and exfiltration. */
  static final Set<String> CONTEXT_LOOKUPS =
      Set.of(
          "env",
          "sys",
          "java",
          "ctx",
          "main",
          "k8s",
          "docker",
          "spring",
          "web",
          "log4j",
          "bundle",
          "jvmrunargs",
          "kubernetes");

  /** Lookups only useful to spell other text. */
  static final Set<String> SPELLING_LOOKUPS = Set.of("lower", "upper", "date", "base64");

  /** The JNDI protocols reachable from Log4j. */
  static final String[] PROTOCOLS = {
    "ldaps",
    "ldap",
    "rmi",
    "dns",
    "iiopname",
    "iiop",
    "corbaname",
    "corba",
    "nds",
    "nis",
    "https",
    "http"
  };

  /** What evaluating one value showed. */
  static final class Resolution {
    /** Where the first JNDI lookup was (index of its window), or -1. */
    int jndiAt = -1;

    /** Its target, as resolved. */
    String jndiTarget;

    /** Whether the target names a known protocol. */
    boolean jndiProtocol;

    /** Whether the JNDI lookup came out of a base64 lookup. */
    boolean viaBase64;

    /** Where fragments spelled {@code jndi} + protocol though no lookup resolved to it, or -1. */
    int spelledAt = -1;

    /** The first context lookup ({@code env}, {@code sys}, ...) and where its window started. */
    String contextLookup;

    int contextAt = -1;

    /** The first spelling or default trick and where its window started. */
    int obfuscationAt = -1;

    /** The first lookup of any kind with a prefix ({@code ${name:...}}). */
    int lookupAt = -1;

    /** Characters examined or copied. */
    long work;

    boolean inBase64;
    int window;
  }

  private LookupResolver() {}

  /** Evaluates every lookup in {@code s}. */
  static Resolution resolve(String s) {
    Resolution o = new Resolution();
    int i = s.indexOf("${");
    StringBuilder out = new StringBuilder();
    int[] marks = new int[MAX_DEPTH];
    int first = i;
    while (i >= 0 && o.jndiAt < 0) {
      int limit = Math.min(s.length(), i + WINDOW);
      o.window = i;
      out.setLength(0);
      int end = substitute(s, i, limit, out, o, 0, marks);
      o.work += end - i;
      i = end < s.length() ? s.indexOf("${", Math.max(end, i + 2)) : -1;
    }
    if (o.jndiAt < 0 && first >= 0 && hasJ(s, first, s.length())) {
      spelled(s, first, o);
    }
    return o;
  }

  /**
   * Substitutes lookups in {@code s[from, limit)} into {@code out}, stopping after the lookup that
   * opens the range closes (when {@code from} starts one) or at {@code limit}. Returns the position
   * after the last character consumed.
   */
  private static int substitute(
      String s, int from, int limit, StringBuilder out, Resolution o, int nested, int[] marks) {
    int depth = 0;
    boolean topLevel = s.startsWith("${", from);
    int j = from;
    while (j < limit) {
      char c = s.charAt(j);
      if (c == '$' && j + 1 < limit && s.charAt(j + 1) == '{') {
        if (depth < MAX_DEPTH) {
          marks[depth++] = out.length();
        }
        out.append("${");
        j += 2;
        continue;
      }
      if (c == '}' && depth > 0) {
        int mark = marks[--depth];
        String content = out.substring(mark + 2);
        out.setLength(mark);
        o.work += content.length();
        out.append(lookup(content, o, nested));
        j++;
        if (depth == 0 && topLevel) {
          return j;
        }
        continue;
      }
      out.append(c);
      j++;
    }
    // unterminated lookups: keep their text
    if (depth > 0) {
      o.work += out.length();
    }
    return limit;
  }

  /** Evaluates the lookup whose (already substituted) content is {@code content}. */
  private static String lookup(String content, Resolution o, int nested) {
    String c = content;
    if (nested < MAX_NESTED && c.contains("${")) {
      StringBuilder again = new StringBuilder();
      substituteAll(c, again, o, nested + 1);
      c = again.toString();
    }
    String trimmed = c.stripLeading();
    if (trimmed.regionMatches(true, 0, "jndi:", 0, 5)) {
      jndi(trimmed.substring(5), o);
      return "";
    }
    int colon = c.indexOf(':');
    int dash = c.indexOf(":-");
    String name = dash >= 0 ? c.substring(0, dash) : c;
    String fallback = dash >= 0 ? c.substring(dash + 2) : "";
    String prefix = colon >= 0 ? c.substring(0, colon).strip().toLowerCase(Locale.ROOT) : "";
    if (colon >= 0 && o.lookupAt < 0) {
      o.lookupAt = o.window;
    }
    String arg = colon >= 0 ? c.substring(colon + 1) : "";
    String spelled = spelling(prefix, arg, o, nested);
    if (spelled != null) {
      return spelled;
    }
    if (CONTEXT_LOOKUPS.contains(prefix)
        || (colon < 0 && name.strip().equalsIgnoreCase("hostname"))) {
      if (o.contextAt < 0) {
        o.contextAt = o.window;
        o.contextLookup = colon < 0 ? "hostName" : prefix;
      }
    }
    if (dash >= 0 && (name.indexOf(':') >= 0 || name.isBlank())) {
      obfuscation(o); // ${::-j}, ${env:NaN:-j}: a default used to spell text
    }
    return fallback;
  }

  /**
   * What a spelling lookup ({@code lower}, {@code upper}, {@code date}, {@code base64}) of {@code
   * arg} yields, or null when {@code prefix} names another lookup.
   */
  private static String spelling(String prefix, String arg, Resolution o, int nested) {
    switch (prefix) {
      case "lower" -> {
        obfuscation(o);
        return arg.toLowerCase(Locale.ROOT);
      }
      case "upper" -> {
        obfuscation(o);
        return arg.toUpperCase(Locale.ROOT);
      }
      case "date" -> {
        obfuscation(o);
        return quoted(arg);
      }
      case "base64" -> {
        obfuscation(o);
        String decoded = base64(arg);
        if (nested < MAX_NESTED && decoded.contains("${")) {
          boolean was = o.inBase64;
          o.inBase64 = true;
          StringBuilder out = new StringBuilder();
          substituteAll(decoded, out, o, nested + 1);
          o.inBase64 = was;
          return out.toString();
        }
        return decoded;
      }
      default -> {
        return null;
      }
    }
  }

  private static void substituteAll(String s, StringBuilder out, Resolution o, int nested) {
    int limit = Math.min(s.length(), WINDOW);
    int j = 0;
    while (j < limit) {
      int next = s.indexOf("${", j);
      if (next < 0 || next >= limit) {
        out.append(s, j, limit);
        return;
      }
      out.append(s, j, next);
      j = substitute(s, next, limit, out, o, nested, new int[MAX_DEPTH]);
    }
  }

  private static void jndi(String target, Resolution o) {
    if (o.jndiAt >= 0) {
      return;
    }
    o.jndiAt = o.window;
    o.jndiTarget = target.strip();
    o.viaBase64 = o.inBase64;
    String t = o.jndiTarget.toLowerCase(Locale.ROOT);
    for (String p : PROTOCOLS) {
      if (t.startsWith(p) && t.length() > p.length() && t.charAt(p.length()) == ':') {
        o.jndiProtocol = true;
        return;
      }
    }
  }

  private static void obfuscation(Resolution o) {
    if (o.obfuscationAt < 0) {
      o.obfuscationAt = o.window;
    }
  }

  /** The quoted literals of a date pattern: {@code 'j'} gives {@code j}. */
  private static String quoted(String pattern) {
    StringBuilder out = new StringBuilder();
    boolean in = false;
    for (int i = 0; i < pattern.length(); i++) {
      char c = pattern.charAt(i);
      if (c == '\'') {
        in = !in;
      } else if (in) {
        out.append(c);
      }
    }
    return out.toString();
  }

  private static String base64(String arg) {
    String v = arg.strip();
    byte[] bytes;
    try {
      bytes = Base64.getMimeDecoder().decode(v);
    } catch (IllegalArgumentException e) {
      try {
        bytes = Base64.getUrlDecoder().decode(v);
      } catch (IllegalArgumentException e2) {
        return "";
      }
    }
    return Decoding.lenientUtf8(bytes, 0, bytes.length);
  }

  /**
   * The fallback: strips lookup syntax from {@code s} after {@code from} (<code>${</code>, <code>}
   * </code>, lookup names before {@code :}, names before {@code :-}, quotes, colons and dashes) and
   * looks for the letters {@code jndi} directly followed by a protocol name. Blanks end a token, so
   * prose that mentions JNDI and LDAP does not match.
   */
  private static void spelled(String s, int from, Resolution o) {
    char[] buf = new char[WINDOW];
    int len = 0;
    int tokenStart = from;
    int n = s.length();
    int j = from;
    while (j < n) {
      char c = s.charAt(j);
      if (c == '$' && j + 1 < n && s.charAt(j + 1) == '{') {
        j += 2;
        int k = j;
        while (k < n && k - j < 32 && Character.isLetterOrDigit(s.charAt(k))) {
          k++;
        }
        boolean named = k < n && s.charAt(k) == ':' && k > j;
        if (named && !s.regionMatches(true, j, "jndi", 0, 4)) {
          j = k + 1;
          // a name before a default (env:NaN:-x) is dropped too
          for (int d = j; d + 1 < n && d - j < 64; d++) {
            char e = s.charAt(d);
            if (e == '}' || e == '$' || Character.isWhitespace(e)) {
              break;
            }
            if (e == ':' && s.charAt(d + 1) == '-') {
              j = d + 2;
              break;
            }
          }
        }
        continue;
      }
      if (Character.isWhitespace(c) || len == buf.length) {
        if (find(buf, len) >= 0) {
          o.spelledAt = tokenStart;
          o.work += j - from;
          return;
        }
        len = 0;
        tokenStart = j + 1;
      }
      if (!Character.isWhitespace(c) && "${}:-'\"".indexOf(c) < 0) {
        buf[len++] = Character.toLowerCase(c);
      }
      j++;
    }
    o.work += j - from;
    if (find(buf, len) >= 0) {
      o.spelledAt = tokenStart;
    }
  }

  private static boolean hasJ(String s, int from, int to) {
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (c == 'j' || c == 'J') {
        return true;
      }
    }
    return false;
  }

  /** Index of {@code jndi} followed by a protocol name in {@code buf[0, len)}, or -1. */
  private static int find(char[] buf, int len) {
    for (int i = 0; i + 4 <= len; i++) {
      if (buf[i] == 'j' && buf[i + 1] == 'n' && buf[i + 2] == 'd' && buf[i + 3] == 'i') {
        for (String p : PROTOCOLS) {
          if (startsWith(buf, len, i + 4, p)) {
            return i;
          }
        }
      }
    }
    return -1;
  }

  private static boolean startsWith(char[] buf, int len, int at, String p) {
    if (at + p.length() > len) {
      return false;
    }
    for (int k = 0; k < p.length(); k++) {
      if (buf[at + k] != p.charAt(k)) {
        return false;
      }
    }
    return true;
  }
}
