package ai.traceable.tme.engine.seclang;

import ai.traceable.tme.engine.seclang.transform.Transformation;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

/**
 * Test-only, approximate stand-ins for the SecLang transformations, enough to run CRS through the
 * rule engine until the transformation library exists. Unknown names are the identity and are
 * listed in {@link #MISSING}.
 */
public final class StandInTransformations {

  /** Transformation names that were asked for and have no stand-in. */
  public static final Set<String> MISSING = ConcurrentHashMap.newKeySet();

  private StandInTransformations() {}

  public static Transformation byName(String name) {
    UnaryOperator<String> f =
        switch (name.toLowerCase(Locale.ROOT)) {
          case "lowercase" -> s -> s.toLowerCase(Locale.ROOT);
          case "uppercase" -> s -> s.toUpperCase(Locale.ROOT);
          case "urldecode", "urldecodeuni" -> StandInTransformations::urlDecode;
          case "removenulls" -> s -> s.replace("\0", "");
          case "removewhitespace" -> s -> s.replaceAll("[\\s\\x0b\\xa0]+", "");
          case "compresswhitespace" -> s -> s.replaceAll("[\\s\\x0b\\xa0]+", " ");
          case "trim" -> String::strip;
          case "trimleft" -> String::stripLeading;
          case "trimright" -> String::stripTrailing;
          case "htmlentitydecode" -> StandInTransformations::html;
          case "jsdecode", "escapeseqdecode" -> StandInTransformations::js;
          case "cssdecode", "utf8tounicode" -> s -> s;
          case "cmdline" -> StandInTransformations::cmdLine;
          case "normalizepath", "normalisepath" -> StandInTransformations::path;
          case "normalizepathwin", "normalisepathwin" -> s -> path(s.replace('\\', '/'));
          case "replacecomments" -> s -> s.replaceAll("(?s)/\\*.*?(\\*/|$)", " ");
          case "removecommentschar" ->
              s -> s.replace("/*", "").replace("*/", "").replace("--", "").replace("#", "");
          case "length" -> s -> Integer.toString(s.length());
          case "sha1" -> StandInTransformations::sha1;
          case "hexencode" -> StandInTransformations::hex;
          case "base64decode" -> StandInTransformations::base64;
          default -> {
            MISSING.add(name);
            yield s -> s;
          }
        };
    return new Transformation() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public String apply(String bytes) {
        return f.apply(bytes);
      }
    };
  }

  private static String urlDecode(String s) {
    StringBuilder out = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '+') {
        out.append(' ');
      } else if (c == '%'
          && i + 1 < s.length()
          && (s.charAt(i + 1) == 'u' || s.charAt(i + 1) == 'U')
          && hex4(s, i + 2)) {
        out.append((char) (Integer.parseInt(s.substring(i + 2, i + 6), 16) & 0xff));
        i += 5;
      } else if (c == '%' && i + 2 < s.length() && hexc(s.charAt(i + 1)) && hexc(s.charAt(i + 2))) {
        out.append((char) Integer.parseInt(s.substring(i + 1, i + 3), 16));
        i += 2;
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  private static boolean hex4(String s, int at) {
    if (at + 4 > s.length()) {
      return false;
    }
    for (int i = at; i < at + 4; i++) {
      if (!hexc(s.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  private static boolean hexc(char c) {
    return Character.digit(c, 16) >= 0;
  }

  private static String html(String s) {
    return s.replaceAll("(?i)&lt;?", "<")
        .replaceAll("(?i)&gt;?", ">")
        .replaceAll("(?i)&quot;?", "\"")
        .replaceAll("(?i)&apos;?", "'")
        .replaceAll("(?i)&nbsp;?", "\u00a0")
        .replaceAll("(?i)&amp;?", "&");
  }

  private static String js(String s) {
    StringBuilder out = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\' && i + 1 < s.length()) {
        char n = s.charAt(i + 1);
        if (n == 'x' && i + 3 < s.length() && hexc(s.charAt(i + 2)) && hexc(s.charAt(i + 3))) {
          out.append((char) Integer.parseInt(s.substring(i + 2, i + 4), 16));
          i += 3;
          continue;
        }
        if (n == 'u' && hex4(s, i + 2)) {
          out.append((char) (Integer.parseInt(s.substring(i + 2, i + 6), 16) & 0xff));
          i += 5;
          continue;
        }
        out.append(
            switch (n) {
              case 'n' -> '\n';
              case 'r' -> '\r';
              case 't' -> '\t';
              case '0' -> '\0';
              default -> n;
            });
        i++;
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  private static String cmdLine(String s) {
    String t = s.replaceAll("[\\\\\"'^]", "");
    t = t.replaceAll("\\s+(?=[/(])", "");
    t = t.replaceAll("[,;]", " ");
    t = t.replaceAll("\\s+", " ");
    return t.toLowerCase(Locale.ROOT);
  }

  private static String path(String s) {
    java.util.ArrayDeque<String> out = new java.util.ArrayDeque<>();
    boolean absolute = s.startsWith("/");
    String[] segments = s.split("/", -1);
    for (int i = 0; i < segments.length; i++) {
      String seg = segments[i];
      boolean last = i == segments.length - 1;
      if (seg.equals(".") || (seg.isEmpty() && !last)) {
        continue;
      }
      if (seg.equals("..")) {
        if (!out.isEmpty() && !out.peekLast().equals("..")) {
          out.pollLast();
        } else if (!absolute) {
          out.addLast("..");
        }
        continue;
      }
      out.addLast(seg);
    }
    return (absolute ? "/" : "") + String.join("/", out);
  }

  private static String sha1(String s) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-1").digest(s.getBytes(StandardCharsets.ISO_8859_1));
      return new String(d, StandardCharsets.ISO_8859_1);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String hex(String s) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < s.length(); i++) {
      out.append(String.format("%02x", s.charAt(i) & 0xff));
    }
    return out.toString();
  }

  private static String base64(String s) {
    try {
      byte[] d = Base64.getMimeDecoder().decode(s.getBytes(StandardCharsets.ISO_8859_1));
      return new String(d, StandardCharsets.ISO_8859_1);
    } catch (IllegalArgumentException e) {
      return s;
    }
  }
}
