package ai.traceable.tme.engine.seclang.operator;

/** {@code @unconditionalMatch} (always true) and {@code @noMatch} (always false). */
final class Constant implements Operator {
  static final Constant ALWAYS = new Constant(true);
  static final Constant NEVER = new Constant(false);

  private final boolean result;

  private Constant(boolean result) {
    this.result = result;
  }

  @Override
  public boolean matches(String value, MatchContext ctx) {
    return result;
  }
}
