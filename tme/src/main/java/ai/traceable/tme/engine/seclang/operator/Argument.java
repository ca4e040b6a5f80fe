package ai.traceable.tme.engine.seclang.operator;

/**
 * An operator argument that may hold macros: constant ones are used as they are, the others are
 * expanded through the match context on every evaluation (and only those: expansion costs).
 */
record Argument(String text, boolean macros) {

  static Argument of(String text) {
    return new Argument(text, Operators.hasMacros(text));
  }

  String value(MatchContext ctx) {
    return macros ? ctx.expand(text) : text;
  }
}
