package ai.traceable.tme.engine.seclang.operator;

import java.util.List;

/**
 * The byte-exact string comparisons, as ModSecurity defines them (case-sensitive; the argument may
 * hold macros):
 *
 * <ul>
 *   <li>{@code @streq}: the value equals the argument.
 *   <li>{@code @contains}: the argument occurs in the value; an empty argument always matches.
 *   <li>{@code @containsWord}: the argument occurs with no word character ({@code [A-Za-z0-9_]})
 *       right before or after it; an empty argument always matches.
 *   <li>{@code @beginsWith} / {@code @endsWith}: the value starts / ends with the argument; an
 *       empty argument always matches.
 *   <li>{@code @within}: the value occurs in the argument (CRS's {@code @within
 *       %{tx.allowed_methods}}); an empty value always matches.
 * </ul>
 *
 * <p>With a constant, non-empty argument every operator but {@code @within} needs the argument in
 * the value, which is its prefilter literal.
 */
final class StringCompare implements Prefiltered {
  enum Kind {
    STREQ,
    CONTAINS,
    CONTAINS_WORD,
    BEGINS_WITH,
    ENDS_WITH,
    WITHIN
  }

  private final Kind kind;
  private final Argument argument;
  private final List<String> literals;

  StringCompare(Kind kind, String argument) {
    this.kind = kind;
    this.argument = Argument.of(argument);
    boolean fixed = !this.argument.macros() && !argument.isEmpty() && kind != Kind.WITHIN;
    this.literals = fixed ? List.of(PhraseMatcher.foldAscii(argument)) : List.of();
  }

  @Override
  public List<String> requiredLiterals() {
    return literals;
  }

  @Override
  public boolean matchesPrefiltered(String value, MatchContext ctx) {
    return matches(value, ctx);
  }

  @Override
  public boolean matches(String value, MatchContext ctx) {
    String arg = argument.value(ctx);
    return switch (kind) {
      case STREQ -> value.equals(arg);
      case CONTAINS -> value.contains(arg);
      case CONTAINS_WORD -> arg.isEmpty() || containsWord(value, arg);
      case BEGINS_WITH -> value.startsWith(arg);
      case ENDS_WITH -> value.endsWith(arg);
      case WITHIN -> arg.contains(value);
    };
  }

  private static boolean containsWord(String value, String word) {
    int from = 0;
    while (true) {
      int at = value.indexOf(word, from);
      if (at < 0) {
        return false;
      }
      int after = at + word.length();
      boolean startOk = at == 0 || !isWordChar(value.charAt(at - 1));
      boolean endOk = after == value.length() || !isWordChar(value.charAt(after));
      if (startOk && endOk) {
        return true;
      }
      from = at + 1;
    }
  }

  private static boolean isWordChar(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
  }
}
