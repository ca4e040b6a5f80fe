package ai.traceable.tme.engine.detect;

/**
 * Character classes the detectors share. All are ASCII classes on purpose: attacker input is
 * already decoded and folded (full-width forms and the like) before detectors see it, and a class
 * that also accepted Unicode letters would let lookalikes of syntax characters through. Where a
 * detector needs a Unicode-aware class it says so in its own code.
 */
public final class Chars {
  private Chars() {}

  public static boolean isAsciiLetter(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }

  public static boolean isAsciiDigit(char c) {
    return c >= '0' && c <= '9';
  }

  public static boolean isAsciiAlnum(char c) {
    return isAsciiLetter(c) || isAsciiDigit(c);
  }

  /** A character of a lower-case identifier: {@code a-z}, {@code 0-9} or {@code _}. */
  public static boolean isLowerWordChar(char c) {
    return (c >= 'a' && c <= 'z') || isAsciiDigit(c) || c == '_';
  }

  /** {@code c} with ASCII upper case folded to lower case; other characters unchanged. */
  public static char toLowerAscii(char c) {
    return c >= 'A' && c <= 'Z' ? (char) (c + 32) : c;
  }

  /** The value of a hexadecimal digit, or -1. */
  public static int hexValue(char c) {
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

  /** A single or double quote (backticks are a separate question in every language). */
  public static boolean isQuote(char c) {
    return c == '\'' || c == '"';
  }

  /** A space or a tab: the blanks inside one line. */
  public static boolean isBlank(char c) {
    return c == ' ' || c == '\t';
  }

  /** A line feed or a carriage return. */
  public static boolean isLineBreak(char c) {
    return c == '\n' || c == '\r';
  }
}
