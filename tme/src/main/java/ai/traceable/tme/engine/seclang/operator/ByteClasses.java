package ai.traceable.tme.engine.seclang.operator;

/**
 * The named character classes of patterns, with the members PCRE gives them in the C locale:
 * shorthands ({@code \\d \\w \\s \\h \\v \\N}: ASCII digits and word characters, PCRE2's space with
 * VT, PCRE's horizontal and vertical space) and POSIX bracket classes ({@code [[:alpha:]]}...).
 */
final class ByteClasses {
  private ByteClasses() {}

  /** {@code \\d \\w \\s \\h \\v \\N} and their negations, or null. */
  static ByteSet shorthand(char c) {
    ByteSet set =
        switch (Character.toLowerCase(c)) {
          case 'd' -> ByteSet.range('0', '9');
          case 'w' -> word();
          case 's' -> space();
          case 'h' -> horizontalSpace();
          case 'v' -> verticalSpace();
          default -> null;
        };
    if (c == 'N') {
      return ByteSet.of('\n').negated();
    }
    if (set == null) {
      return null;
    }
    return Character.isUpperCase(c) ? set.negated() : set;
  }

  static ByteSet word() {
    ByteSet s = ByteSet.range('a', 'z');
    s.addRange('A', 'Z');
    s.addRange('0', '9');
    s.add('_');
    return s;
  }

  static ByteSet space() {
    ByteSet s = ByteSet.range('\t', '\r');
    s.add(' ');
    return s;
  }

  private static ByteSet horizontalSpace() {
    ByteSet s = ByteSet.of('\t');
    s.add(' ');
    s.add(0xA0);
    return s;
  }

  private static ByteSet verticalSpace() {
    ByteSet s = ByteSet.range('\n', '\r');
    s.add(0x85);
    return s;
  }

  /** The members of {@code [:name:]}, or null for an unknown name. */
  static ByteSet posix(String name) {
    ByteSet s = new ByteSet();
    switch (name) {
      case "alpha" -> letters(s);
      case "digit" -> s.addRange('0', '9');
      case "alnum" -> {
        letters(s);
        s.addRange('0', '9');
      }
      case "upper" -> s.addRange('A', 'Z');
      case "lower" -> s.addRange('a', 'z');
      case "space" -> s.addAll(space());
      case "blank" -> {
        s.add(' ');
        s.add('\t');
      }
      case "punct" -> {
        s.addRange('!', '/');
        s.addRange(':', '@');
        s.addRange('[', '`');
        s.addRange('{', '~');
      }
      case "print" -> s.addRange(' ', '~');
      case "graph" -> s.addRange('!', '~');
      case "cntrl" -> {
        s.addRange(0, 31);
        s.add(127);
      }
      case "xdigit" -> {
        s.addRange('0', '9');
        s.addRange('a', 'f');
        s.addRange('A', 'F');
      }
      case "word" -> s.addAll(word());
      case "ascii" -> s.addRange(0, 127);
      default -> {
        return null;
      }
    }
    return s;
  }

  private static void letters(ByteSet s) {
    s.addRange('a', 'z');
    s.addRange('A', 'Z');
  }
}
