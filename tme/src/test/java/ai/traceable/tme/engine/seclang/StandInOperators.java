package ai.traceable.tme.engine.seclang;

import ai.traceable.tme.engine.seclang.operator.MatchContext;
import ai.traceable.tme.engine.seclang.operator.Operator;
import ai.traceable.tme.engine.seclang.operator.OperatorResources;
import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import org.ahocorasick.trie.Emit;
import org.ahocorasick.trie.Trie;

/**
 * Test-only stand-ins for the SecLang operators, enough to exercise the rule engine against CRS
 * until the operator library exists. {@code @rx} uses java.util.regex (acceptable in tests only: it
 * backtracks). {@code @detectSQLi} and {@code @detectXSS} never match; unknown names never match
 * and are listed in {@link #MISSING}.
 */
public final class StandInOperators {

  /** Operator names that were asked for and have no stand-in. */
  public static final Set<String> MISSING = ConcurrentHashMap.newKeySet();

  private StandInOperators() {}

  public static Operator create(String name, String arg, OperatorResources resources) {
    return switch (name.toLowerCase(Locale.ROOT)) {
      case "rx" -> rx(arg);
      case "pm" -> pm(List.of(arg.toLowerCase(Locale.ROOT).split("\\s+")));
      case "pmfromfile", "pmf" -> pm(lines(resources, arg));
      case "streq" -> text(arg, (v, a) -> v.equals(a));
      case "contains" -> text(arg, (v, a) -> v.contains(a));
      case "beginswith" -> text(arg, (v, a) -> v.startsWith(a));
      case "endswith" -> text(arg, (v, a) -> v.endsWith(a));
      case "within" -> text(arg, (v, a) -> a.contains(v));
      case "eq" -> number(arg, c -> c == 0);
      case "ge" -> number(arg, c -> c >= 0);
      case "gt" -> number(arg, c -> c > 0);
      case "le" -> number(arg, c -> c <= 0);
      case "lt" -> number(arg, c -> c < 0);
      case "unconditionalmatch" -> (v, ctx) -> true;
      case "nomatch" -> (v, ctx) -> false;
      case "validatebyterange" -> byteRange(arg);
      case "validateurlencoding" -> (v, ctx) -> invalidUrlEncoding(v);
      case "validateutf8encoding" -> (v, ctx) -> invalidUtf8(v);
      case "ipmatch" -> ipMatch(arg);
      default -> {
        MISSING.add(name);
        yield (v, ctx) -> false;
      }
    };
  }

  private static Operator rx(String arg) {
    if (arg.contains("%{")) {
      ConcurrentHashMap<String, Pattern> cache = new ConcurrentHashMap<>();
      return (v, ctx) ->
          find(cache.computeIfAbsent(ctx.expand(arg), StandInOperators::compile), v, ctx);
    }
    Pattern p = compile(arg);
    return (v, ctx) -> find(p, v, ctx);
  }

  private static Pattern compile(String regex) {
    return Pattern.compile(regex, Pattern.DOTALL);
  }

  private static boolean find(Pattern p, String value, MatchContext ctx) {
    Matcher m = p.matcher(value);
    if (!m.find()) {
      return false;
    }
    if (ctx.capturing()) {
      for (int g = 0; g <= Math.min(9, m.groupCount()); g++) {
        ctx.capture(g, m.group(g) == null ? "" : m.group(g));
      }
    }
    return true;
  }

  private static Operator pm(List<String> phrases) {
    Trie trie =
        Trie.builder()
            .ignoreCase()
            .addKeywords(phrases.stream().filter(p -> !p.isEmpty()).toList())
            .build();
    return (v, ctx) -> {
      Emit first = trie.firstMatch(v);
      if (first == null) {
        return false;
      }
      if (ctx.capturing()) {
        ctx.capture(0, first.getKeyword());
      }
      return true;
    };
  }

  private static List<String> lines(OperatorResources resources, String files) {
    List<String> phrases = new ArrayList<>();
    for (String file : files.strip().split("\\s+")) {
      try {
        for (String line : resources.lines(file)) {
          String s = line.strip();
          if (!s.isEmpty() && !s.startsWith("#")) {
            phrases.add(s.toLowerCase(Locale.ROOT));
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return phrases;
  }

  private interface TextTest {
    boolean test(String value, String argument);
  }

  private static Operator text(String arg, TextTest test) {
    return (v, ctx) -> test.test(v, arg.contains("%{") ? ctx.expand(arg) : arg);
  }

  private static Operator number(String arg, Predicate<Integer> cmp) {
    return (v, ctx) -> {
      long a = toNumber(arg.contains("%{") ? ctx.expand(arg) : arg);
      return cmp.test(Long.compare(toNumber(v), a));
    };
  }

  static long toNumber(String s) {
    String t = s.strip();
    int i = 0;
    if (i < t.length() && (t.charAt(i) == '-' || t.charAt(i) == '+')) {
      i++;
    }
    int start = i;
    while (i < t.length() && Character.isDigit(t.charAt(i))) {
      i++;
    }
    if (i == start) {
      return 0;
    }
    try {
      return Long.parseLong(t.substring(0, i));
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private static Operator byteRange(String arg) {
    boolean[] allowed = new boolean[256];
    for (String part : arg.split("[,\\s]+")) {
      if (part.isEmpty()) {
        continue;
      }
      int dash = part.indexOf('-');
      int lo = Integer.parseInt(dash < 0 ? part : part.substring(0, dash).strip());
      int hi = dash < 0 ? lo : Integer.parseInt(part.substring(dash + 1).strip());
      for (int b = lo; b <= hi && b < 256; b++) {
        allowed[b] = true;
      }
    }
    return (v, ctx) -> {
      for (int i = 0; i < v.length(); i++) {
        if (!allowed[v.charAt(i) & 0xff]) {
          return true;
        }
      }
      return false;
    };
  }

  private static boolean invalidUrlEncoding(String v) {
    for (int i = 0; i < v.length(); i++) {
      if (v.charAt(i) == '%') {
        if (i + 2 >= v.length() || !hex(v.charAt(i + 1)) || !hex(v.charAt(i + 2))) {
          return true;
        }
        i += 2;
      }
    }
    return false;
  }

  private static boolean hex(char c) {
    return Character.digit(c, 16) >= 0;
  }

  private static boolean invalidUtf8(String v) {
    byte[] bytes = v.getBytes(StandardCharsets.ISO_8859_1);
    try {
      StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes));
      return false;
    } catch (java.nio.charset.CharacterCodingException e) {
      return true;
    }
  }

  private static Operator ipMatch(String arg) {
    List<String> nets = List.of(arg.split("[,\\s]+"));
    return (v, ctx) -> nets.stream().anyMatch(n -> inNet(v.strip(), n.strip()));
  }

  private static boolean inNet(String ip, String net) {
    int slash = net.indexOf('/');
    if (slash < 0) {
      return ip.equals(net);
    }
    long a = v4(ip);
    long b = v4(net.substring(0, slash));
    int bits = Integer.parseInt(net.substring(slash + 1));
    if (a < 0 || b < 0 || bits > 32) {
      return false;
    }
    long mask = bits == 0 ? 0 : (0xffffffffL << (32 - bits)) & 0xffffffffL;
    return (a & mask) == (b & mask);
  }

  private static long v4(String ip) {
    String[] parts = ip.split("\\.");
    if (parts.length != 4) {
      return -1;
    }
    long n = 0;
    for (String p : parts) {
      try {
        n = (n << 8) | (Integer.parseInt(p) & 0xff);
      } catch (NumberFormatException e) {
        return -1;
      }
    }
    return n;
  }
}
