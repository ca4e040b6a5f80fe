package ai.traceable.tme.engine.seclang.parse;

/**
 * The operator argument of a {@code SecRule}: {@code [!]@name argument}, or a bare regular
 * expression, which means {@code @rx}. Whitespace between the name and the argument is dropped.
 *
 * @param name the operator name without {@code @}
 * @param argument the argument (may be empty)
 * @param negated whether the text starts with {@code !}
 */
record OperatorText(String name, String argument, boolean negated) {

  static OperatorText parse(String text) {
    boolean negated = false;
    String s = text;
    if (s.startsWith("!")) {
      negated = true;
      s = s.substring(1);
    }
    if (!s.startsWith("@")) {
      return new OperatorText("rx", s, negated);
    }
    int end = 1;
    while (end < s.length() && !Character.isWhitespace(s.charAt(end))) {
      end++;
    }
    String name = s.substring(1, end);
    if (name.isEmpty()) {
      throw new IllegalArgumentException("missing operator name after @");
    }
    return new OperatorText(name, s.substring(end).stripLeading(), negated);
  }
}
