package ai.traceable.tme.engine.decode;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.Base64;
import java.util.Map;

/**
 * The decoding chain applied to every value before detection, written against evasion: attackers
 * encode payloads so that a filter looking at the raw bytes sees nothing, while the application
 * decodes them back. Every step runs in time linear in its input, allocates only when the input
 * actually contains something to decode, and never throws.
 *
 * <p>Steps, repeated until nothing changes (at most {@value #MAX_PASSES} passes, which covers
 * double and triple encoding): percent decoding (UTF-8, with overlong two-byte forms such as {@code
 * %c0%af} taken as the ASCII character they spell), {@code %uXXXX}, {@code \\uXXXX}, {@code \\xXX}
 * escapes, HTML character references (named, decimal, hexadecimal, with or without the closing
 * semicolon). Then NUL characters are removed and the result is folded with Unicode NFKC, which
 * maps full-width and other compatibility forms ({@code ＜script＞}) to ASCII. Case is kept.
 */
public final class Decoding {
  static final int MAX_PASSES = 3;

  private static final Map<String, String> NAMED_ENTITIES =
      Map.ofEntries(
          Map.entry("lt", "<"),
          Map.entry("gt", ">"),
          Map.entry("amp", "&"),
          Map.entry("quot", "\""),
          Map.entry("apos", "'"),
          Map.entry("nbsp", " "),
          Map.entry("tab", "\t"),
          Map.entry("newline", "\n"),
          Map.entry("colon", ":"),
          Map.entry("semi", ";"),
          Map.entry("lpar", "("),
          Map.entry("rpar", ")"),
          Map.entry("lsqb", "["),
          Map.entry("rsqb", "]"),
          Map.entry("lcub", "{"),
          Map.entry("rcub", "}"),
          Map.entry("sol", "/"),
          Map.entry("bsol", "\\"),
          Map.entry("grave", "`"),
          Map.entry("excl", "!"),
          Map.entry("equals", "="),
          Map.entry("period", "."),
          Map.entry("comma", ","),
          Map.entry("plus", "+"),
          Map.entry("dollar", "$"),
          Map.entry("percnt", "%"),
          Map.entry("num", "#"),
          Map.entry("quest", "?"),
          Map.entry("commat", "@"),
          Map.entry("vert", "|"),
          Map.entry("ast", "*"),
          Map.entry("hat", "^"),
          Map.entry("lowbar", "_"));

  /** Longest named entity above, to bound the scan for its end. */
  private static final int LONGEST_ENTITY = 8;

  private Decoding() {}

  /**
   * Fully decodes a value.
   *
   * @param plusIsSpace whether {@code +} means a space (query strings and form bodies)
   */
  public static String decode(String value, boolean plusIsSpace) {
    if (value == null || value.isEmpty()) {
      return "";
    }
    String current = value;
    for (int pass = 0; pass < MAX_PASSES; pass++) {
      String next = decodeOnce(current, plusIsSpace && pass == 0);
      if (next.equals(current)) {
        break;
      }
      current = next;
    }
    return fold(current);
  }

  /** One pass of percent, escape and entity decoding. Returns the same instance if unchanged. */
  static String decodeOnce(String s, boolean plusIsSpace) {
    if (!needsDecoding(s, plusIsSpace)) {
      return s;
    }
    String out = percentDecode(s, plusIsSpace);
    out = unescape(out);
    out = htmlEntities(out);
    return out;
  }

  private static boolean needsDecoding(String s, boolean plusIsSpace) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '%' || c == '\\' || c == '&' || (plusIsSpace && c == '+')) {
        return true;
      }
    }
    return false;
  }

  /**
   * Percent decoding that never fails: malformed sequences stay as they are, bytes are decoded as
   * UTF-8 with malformed input replaced, and overlong two-byte sequences of ASCII characters
   * ({@code %c0%af} for {@code /}, {@code %c0%ae} for {@code .}) are decoded to that character, as
   * some servers still do. {@code %uXXXX} (IIS style) is decoded too.
   */
  static String percentDecode(String s, boolean plusIsSpace) {
    int first = indexOfPercentOrPlus(s, plusIsSpace);
    if (first < 0) {
      return s;
    }
    StringBuilder out = new StringBuilder(s.length());
    out.append(s, 0, first);
    byte[] bytes = null;
    int nBytes = 0;
    int i = first;
    while (i < s.length()) {
      char c = s.charAt(i);
      if (c == '%' && i + 2 < s.length()) {
        int hi = hex(s.charAt(i + 1));
        int lo = hex(s.charAt(i + 2));
        if (hi >= 0 && lo >= 0) {
          if (bytes == null) {
            bytes = new byte[s.length() / 3 + 1];
          }
          bytes[nBytes++] = (byte) (hi << 4 | lo);
          i += 3;
          continue;
        }
        if (i + 5 < s.length() && (s.charAt(i + 1) == 'u' || s.charAt(i + 1) == 'U')) {
          int cp = hex4(s, i + 2);
          if (cp >= 0) {
            nBytes = flush(out, bytes, nBytes);
            out.append((char) cp);
            i += 6;
            continue;
          }
        }
      }
      nBytes = flush(out, bytes, nBytes);
      out.append(plusIsSpace && c == '+' ? ' ' : c);
      i++;
    }
    flush(out, bytes, nBytes);
    return out.toString();
  }

  private static int indexOfPercentOrPlus(String s, boolean plusIsSpace) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '%' || (plusIsSpace && c == '+')) {
        return i;
      }
    }
    return -1;
  }

  /** Appends the pending bytes as UTF-8 (overlong ASCII forms folded) and returns 0. */
  private static int flush(StringBuilder out, byte[] bytes, int n) {
    if (n == 0) {
      return 0;
    }
    int start = 0;
    for (int i = 0; i < n; i++) {
      int b = bytes[i] & 0xff;
      if ((b == 0xc0 || b == 0xc1) && i + 1 < n && (bytes[i + 1] & 0xc0) == 0x80) {
        utf8(out, bytes, start, i);
        out.append((char) (((b & 0x1f) << 6) | (bytes[i + 1] & 0x3f)));
        start = i + 2;
        i++;
      } else if (b == 0xe0
          && i + 2 < n
          && (bytes[i + 1] & 0xff) == 0x80
          && (bytes[i + 2] & 0xc0) == 0x80) {
        // three-byte overlong form of an ASCII character (%e0%80%af)
        utf8(out, bytes, start, i);
        out.append((char) (bytes[i + 2] & 0x3f));
        start = i + 3;
        i += 2;
      }
    }
    utf8(out, bytes, start, n);
    return 0;
  }

  private static void utf8(StringBuilder out, byte[] bytes, int from, int to) {
    if (to <= from) {
      return;
    }
    boolean ascii = true;
    for (int i = from; i < to; i++) {
      if (bytes[i] < 0) {
        ascii = false;
        break;
      }
    }
    if (ascii) {
      for (int i = from; i < to; i++) {
        out.append((char) bytes[i]);
      }
      return;
    }
    out.append(lenientUtf8(bytes, from, to - from));
  }

  /** Decodes UTF-8, replacing malformed input with U+FFFD instead of failing. */
  public static String lenientUtf8(byte[] bytes, int offset, int length) {
    CharsetDecoder decoder =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPLACE)
            .onUnmappableCharacter(CodingErrorAction.REPLACE);
    try {
      CharBuffer chars = decoder.decode(ByteBuffer.wrap(bytes, offset, length));
      return chars.toString();
    } catch (CharacterCodingException e) {
      // not reachable with REPLACE; keep the bytes visible as Latin-1 rather than lose them
      return new String(bytes, offset, length, StandardCharsets.ISO_8859_1);
    }
  }

  /** {@code \\uXXXX}, {@code \\u{X..}} and {@code \\xXX} escapes (JavaScript, JSON, C style). */
  static String unescape(String s) {
    int first = s.indexOf('\\');
    if (first < 0) {
      return s;
    }
    StringBuilder out = null;
    int copied = 0;
    for (int i = first; i < s.length() - 1; i++) {
      if (s.charAt(i) != '\\') {
        continue;
      }
      char kind = s.charAt(i + 1);
      int cp = -1;
      int len = 0;
      if ((kind == 'u' || kind == 'U') && i + 5 < s.length()) {
        cp = hex4(s, i + 2);
        len = 6;
      } else if ((kind == 'x' || kind == 'X') && i + 3 < s.length()) {
        int hi = hex(s.charAt(i + 2));
        int lo = hex(s.charAt(i + 3));
        if (hi >= 0 && lo >= 0) {
          cp = hi << 4 | lo;
          len = 4;
        }
      }
      if (cp < 0) {
        continue;
      }
      if (out == null) {
        out = new StringBuilder(s.length());
      }
      out.append(s, copied, i).append((char) cp);
      copied = i + len;
      i += len - 1;
    }
    if (out == null) {
      return s;
    }
    return out.append(s, copied, s.length()).toString();
  }

  /**
   * HTML character references: {@code &lt;}, {@code &#60;}, {@code &#x3c;}, also without the
   * semicolon and with leading zeros ({@code &#0000060}), as browsers accept them in attributes.
   */
  static String htmlEntities(String s) {
    int first = s.indexOf('&');
    if (first < 0) {
      return s;
    }
    StringBuilder out = null;
    int copied = 0;
    int i = first;
    while (i >= 0 && i < s.length() - 1) {
      int end;
      int cp = -1;
      if (s.charAt(i + 1) == '#') {
        int j = i + 2;
        boolean hexForm = j < s.length() && (s.charAt(j) == 'x' || s.charAt(j) == 'X');
        if (hexForm) {
          j++;
        }
        int digitsStart = j;
        long value = 0;
        while (j < s.length() && j - digitsStart < 10) {
          int d = hexForm ? hex(s.charAt(j)) : dec(s.charAt(j));
          if (d < 0) {
            break;
          }
          value = value * (hexForm ? 16 : 10) + d;
          j++;
        }
        if (j > digitsStart && value <= Character.MAX_CODE_POINT) {
          cp = (int) value;
        }
        end = j < s.length() && s.charAt(j) == ';' ? j + 1 : j;
      } else {
        int j = i + 1;
        while (j < s.length() && j - i <= LONGEST_ENTITY && Character.isLetter(s.charAt(j))) {
          j++;
        }
        String name = s.substring(i + 1, j).toLowerCase(java.util.Locale.ROOT);
        String replacement = NAMED_ENTITIES.get(name);
        if (replacement != null) {
          cp = replacement.codePointAt(0);
        }
        end = j < s.length() && s.charAt(j) == ';' ? j + 1 : j;
      }
      if (cp >= 0) {
        if (out == null) {
          out = new StringBuilder(s.length());
        }
        out.append(s, copied, i).appendCodePoint(cp == 0 ? 0xfffd : cp);
        copied = end;
        i = s.indexOf('&', end);
      } else {
        i = s.indexOf('&', i + 1);
      }
    }
    if (out == null) {
      return s;
    }
    return out.append(s, copied, s.length()).toString();
  }

  /** Removes NULs and folds compatibility forms (NFKC); ASCII input is returned as is. */
  static String fold(String s) {
    boolean ascii = true;
    boolean nul = false;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c >= 0x80) {
        ascii = false;
      } else if (c == 0) {
        nul = true;
      }
    }
    String out = nul ? s.replace("\0", "") : s;
    if (!ascii) {
      out = Normalizer.normalize(out, Normalizer.Form.NFKC);
    }
    return out;
  }

  /**
   * The text a value decodes to when it looks like base64 (standard or URL-safe alphabet, at least
   * 16 characters, padding where it belongs) and the result is mostly printable UTF-8; otherwise
   * null. Attackers wrap payloads this way when the application decodes the parameter.
   */
  public static String base64Text(String value) {
    String v = value.strip();
    if (v.length() < 16 || v.length() > 64 * 1024) {
      return null;
    }
    boolean urlSafe = false;
    boolean nonHex = false;
    int padding = 0;
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      if (c == '=') {
        padding++;
        if (i < v.length() - 2) {
          return null;
        }
        continue;
      }
      if (padding > 0) {
        return null;
      }
      if (c == '-' || c == '_') {
        urlSafe = true;
        continue;
      }
      boolean digit = c >= '0' && c <= '9';
      boolean lowerHex = c >= 'a' && c <= 'f';
      boolean upperHex = c >= 'A' && c <= 'F';
      boolean letter = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z';
      if (!digit && !letter && c != '+' && c != '/') {
        return null;
      }
      if (!digit && !lowerHex && !upperHex) {
        nonHex = true;
      }
    }
    if (!nonHex || padding > 0 && v.length() % 4 != 0) {
      return null; // hex ids, hashes and UUIDs are not encoded text
    }
    byte[] bytes;
    try {
      bytes = (urlSafe ? Base64.getUrlDecoder() : Base64.getDecoder()).decode(v);
    } catch (IllegalArgumentException e) {
      return null;
    }
    // payloads are printable ASCII; session tokens and hashes decode to random bytes
    int printable = 0;
    for (byte b : bytes) {
      if (b >= 0x20 && b < 0x7f || b == '\n' || b == '\r' || b == '\t') {
        printable++;
      }
    }
    if (bytes.length == 0 || printable * 10 < bytes.length * 9) {
      return null;
    }
    return new String(bytes, StandardCharsets.ISO_8859_1);
  }

  private static int hex4(String s, int at) {
    if (at + 4 > s.length()) {
      return -1;
    }
    int v = 0;
    for (int i = at; i < at + 4; i++) {
      int d = hex(s.charAt(i));
      if (d < 0) {
        return -1;
      }
      v = v << 4 | d;
    }
    return v;
  }

  private static int hex(char c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
      return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
      return c - 'A' + 10;
    }
    return -1;
  }

  private static int dec(char c) {
    return c >= '0' && c <= '9' ? c - '0' : -1;
  }
}
