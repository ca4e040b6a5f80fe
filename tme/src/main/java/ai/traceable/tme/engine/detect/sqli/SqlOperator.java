package ai.traceable.tme.engine.detect.sqli;

/** Operators recognised by {@link SqlTokenizer}; logic operators are {@link SqlWord}s instead. */
public enum SqlOperator {
  EQ(true),
  DOUBLE_EQ(true),
  NOT_EQ(true),
  LESS(true),
  GREATER(true),
  LESS_EQ(true),
  GREATER_EQ(true),
  NULL_SAFE_EQ(true),
  PLUS(false),
  MINUS(false),
  STAR(false),
  SLASH(false),
  PERCENT(false),
  CARET(false),
  PIPE(false),
  AMPERSAND(false),
  TILDE(false),
  /** {@code !} used as a prefix (logical not). */
  BANG(false),
  /** {@code :=}. */
  ASSIGN(false),
  /** {@code ::}, the PostgreSQL cast. */
  CAST(false),
  /** {@code <<} and {@code >>}. */
  SHIFT(false);

  private static final SqlOperator[] VALUES = values();

  private final boolean comparison;

  SqlOperator(boolean comparison) {
    this.comparison = comparison;
  }

  /** Whether the operator compares its operands ({@code =}, {@code <>}, {@code <}, ...). */
  public boolean comparison() {
    return comparison;
  }

  static SqlOperator of(int ordinal) {
    return VALUES[ordinal];
  }
}
