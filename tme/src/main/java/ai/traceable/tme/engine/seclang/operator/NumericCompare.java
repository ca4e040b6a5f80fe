package ai.traceable.tme.engine.seclang.operator;

/**
 * {@code @eq @ge @gt @le @lt}: compare the value and the argument (which may hold macros) as
 * integers read the way ModSecurity reads them, with C's {@code atoi}: leading whitespace and a
 * sign, then digits, anything else ends the number, and no digits at all reads 0 (so a non-numeric
 * value is 0). Numbers beyond the range of a long saturate, then keep their low 32 bits, as {@code
 * atoi} does on 64-bit Linux.
 */
final class NumericCompare implements Operator {
  enum Kind {
    EQ,
    GE,
    GT,
    LE,
    LT
  }

  private final Kind kind;
  private final Argument argument;
  private final int constant;

  NumericCompare(Kind kind, String argument) {
    this.kind = kind;
    this.argument = Argument.of(argument);
    this.constant = atoi(argument);
  }

  @Override
  public boolean matches(String value, MatchContext ctx) {
    int left = atoi(value);
    int right = argument.macros() ? atoi(argument.value(ctx)) : constant;
    return switch (kind) {
      case EQ -> left == right;
      case GE -> left >= right;
      case GT -> left > right;
      case LE -> left <= right;
      case LT -> left < right;
    };
  }

  static int atoi(String s) {
    int n = s.length();
    int i = 0;
    while (i < n && isSpace(s.charAt(i))) {
      i++;
    }
    boolean negative = false;
    if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
      negative = s.charAt(i) == '-';
      i++;
    }
    long v = 0;
    boolean saturated = false;
    while (i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
      int d = s.charAt(i++) - '0';
      if (!saturated && v > (Long.MAX_VALUE - d) / 10) {
        saturated = true;
      } else if (!saturated) {
        v = v * 10 + d;
      }
    }
    long result = saturated ? (negative ? Long.MIN_VALUE : Long.MAX_VALUE) : (negative ? -v : v);
    return (int) result;
  }

  private static boolean isSpace(char c) {
    return c == ' ' || (c >= '\t' && c <= '\r');
  }
}
