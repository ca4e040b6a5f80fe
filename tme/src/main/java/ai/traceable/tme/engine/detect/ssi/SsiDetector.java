package ai.traceable.tme.engine.detect.ssi;

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
import java.util.Set;

/**
 * Server-side includes and edge-side includes. A value stored or reflected into a page that the web
 * server (SSI: {@code <!--#exec cmd="id" -->}) or a caching proxy (ESI: {@code <esi:include
 * src=...>}) processes runs commands, reads files or leaks variables and cookies.
 *
 * <p>An SSI directive is an HTML comment whose first character is {@code #} followed by a directive
 * name; ordinary comments ({@code <!-- wp:paragraph -->}, {@code <!--[if mso]>}) never start that
 * way. A directive written without its comment ({@code #exec cmd=}, {@code #include virtual=})
 * counts when its attribute follows, so a C {@code #include <stdio.h>} or a {@code #include}
 * hashtag stays clean. ESI elements are the {@code esi:} namespace's tags. Values with neither
 * {@code #} nor {@code esi:} cost one scan.
 */
public final class SsiDetector implements Detector {
  private static final RuleTable.Builder RULES = RuleTable.builder(AttackClass.SSI);
  static final DetectionRule DIRECTIVE =
      RULES.add(
          "ssi-100",
          Severity.CRITICAL,
          1,
          "Server-side include directive in a comment (<!--#exec, <!--#include, <!--#echo, ...)");
  static final DetectionRule BARE_DIRECTIVE =
      RULES.add(
          "ssi-110",
          Severity.CRITICAL,
          1,
          "Server-side include directive with its attribute outside a comment (#exec cmd=, ...)");
  static final DetectionRule ESI =
      RULES.add(
          "ssi-120",
          Severity.CRITICAL,
          1,
          "Edge-side include element (<esi:include, <esi:vars, ...)");
  static final RuleTable TABLE = RULES.build();

  private static final Set<String> DIRECTIVES =
      Set.of(
          "exec",
          "include",
          "echo",
          "config",
          "printenv",
          "set",
          "fsize",
          "flastmod",
          "if",
          "elif",
          "else",
          "endif");

  private static final Set<String> ATTRIBUTES =
      Set.of(
          "cmd", "cgi", "virtual", "file", "var", "errmsg", "timefmt", "sizefmt", "value", "expr");

  private static final Set<String> ESI_TAGS =
      Set.of(
          "include",
          "vars",
          "inline",
          "choose",
          "when",
          "otherwise",
          "remove",
          "comment",
          "try",
          "attempt",
          "except",
          "eval",
          "assign",
          "debug");

  /** Directives start with a hash, ESI tags with their namespace. */
  private static final Gate GATE = Gate.anyOf("#", "<esi:");

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
    boolean hash = s.indexOf('#') >= 0;
    if (hash) {
      int comment = commentDirective(s);
      if (comment >= 0) {
        hits.hit(DIRECTIVE, Detector.snippet(s, comment));
      }
      int bare = bareDirective(s);
      if (bare >= 0) {
        hits.hit(BARE_DIRECTIVE, Detector.snippet(s, bare));
      }
    }
    if (s.indexOf(':') >= 0) {
      int esi = esi(value.lower());
      if (esi >= 0) {
        hits.hit(ESI, Detector.snippet(s, esi));
      }
    }
  }

  /** {@code <!--#name}, with optional blanks before the name. */
  private static int commentDirective(String s) {
    for (int at = s.indexOf("<!--"); at >= 0; at = s.indexOf("<!--", at + 4)) {
      int i = skipWhite(s, at + 4);
      if (i < s.length() && s.charAt(i) == '#') {
        String name = word(s, skipWhite(s, i + 1));
        if (DIRECTIVES.contains(name)) {
          return at;
        }
      }
    }
    return -1;
  }

  /** {@code #name attr=}: a directive and one of its attributes, outside a comment. */
  private static int bareDirective(String s) {
    for (int at = s.indexOf('#'); at >= 0; at = s.indexOf('#', at + 1)) {
      int i = skipWhite(s, at + 1);
      String name = word(s, i);
      if (!DIRECTIVES.contains(name)) {
        continue;
      }
      int j = skipWhite(s, i + name.length());
      String attribute = word(s, j);
      int eq = skipWhite(s, j + attribute.length());
      if (ATTRIBUTES.contains(attribute) && eq < s.length() && s.charAt(eq) == '=') {
        return at;
      }
    }
    return -1;
  }

  private static int esi(String lower) {
    for (int at = lower.indexOf("<esi:"); at >= 0; at = lower.indexOf("<esi:", at + 5)) {
      if (ESI_TAGS.contains(word(lower, at + 5))) {
        return at;
      }
    }
    return -1;
  }

  /** The ASCII letters at {@code from}, lower case. */
  private static String word(String s, int from) {
    int i = from;
    while (i < s.length() && Chars.isAsciiLetter(s.charAt(i))) {
      i++;
    }
    return s.substring(Math.min(from, i), i).toLowerCase(Locale.ROOT);
  }

  /** The first position at or after {@code from} that is not whitespace (line breaks too). */
  private static int skipWhite(String s, int from) {
    int i = from;
    while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
      i++;
    }
    return i;
  }
}
