package ai.traceable.tme.engine.detect.sqli;

/** The kinds of token {@link SqlTokenizer} produces. */
public enum SqlTokenType {
  /** A quoted literal: single, double or backtick quoted (see {@link SqlTokens#quote(int)}). */
  STRING,
  /** A number: decimal, {@code 0x} hexadecimal, {@code 0b} binary, with fraction or exponent. */
  NUMBER,
  /** A reserved word that is not a logic operator ({@code SELECT}, {@code ORDER BY}, ...). */
  KEYWORD,
  /** A word immediately followed by {@code (}; known names carry their {@link SqlWord}. */
  FUNCTION,
  /** An arithmetic, comparison, bitwise or assignment operator. */
  OPERATOR,
  /** {@code AND}, {@code OR}, {@code XOR}, {@code &&}, {@code ||}. */
  LOGIC,
  /** {@code -- ...}, {@code # ...} or {@code /* ... *}{@code /}. */
  COMMENT,
  /** {@code @name} or {@code @@name}. */
  VARIABLE,
  LEFT_PAREN,
  RIGHT_PAREN,
  COMMA,
  SEMICOLON,
  /** Any other word (identifier, or a known function name used without parenthesis). */
  BAREWORD,
  /** A character that means nothing in SQL ({@code :}, {@code ?}, {@code {}, emoji, ...). */
  OTHER;

  private static final SqlTokenType[] VALUES = values();

  static SqlTokenType of(int ordinal) {
    return VALUES[ordinal];
  }
}
