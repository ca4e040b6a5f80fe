package ai.traceable.tme.engine.seclang.operator;

/** The POSIX bracket classes ({@code [[:alpha:]]}...) with their C-locale (ASCII) members. */
final class PosixClass {
  private PosixClass() {}

  /** The members of {@code [:name:]}, or null for an unknown name. */
  static ByteSet of(String name) {
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
      case "space" -> s.addAll(RegexParser.space());
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
      case "word" -> s.addAll(RegexParser.word());
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
