package ai.traceable.tme.engine.detect.sqli;

/**
 * The tokens of one string, as produced by {@link SqlTokenizer}: parallel arrays of type, start,
 * end, code and flags, so that tokenising allocates nothing per token or character. A buffer is
 * reused for every context of a value; it is not thread-safe.
 *
 * <p>The code of a token depends on its type: the {@link SqlWord} ordinal of a known word (keyword,
 * logic operator, function or bareword; -1 for unknown words), the {@link SqlOperator} ordinal of
 * an operator, the quote character of a string, the first character of a comment ({@code -}, {@code
 * #} or {@code /}) and the number of {@code @} signs of a variable.
 */
public final class SqlTokens {
  /** A string or block comment that was closed before the end of the input. */
  static final int CLOSED = 1;

  /** The string opened by the tokenising context (the value as if it followed a quote). */
  static final int CONTEXT = 1 << 1;

  /** A logic operator written as a symbol ({@code &&}, {@code ||}). */
  static final int SYMBOL = 1 << 2;

  final byte[] types;
  final int[] starts;
  final int[] ends;
  final short[] codes;
  final byte[] flags;
  int size;
  boolean truncated;
  String source = "";

  /** A buffer that holds at most {@code capacity} tokens. */
  public SqlTokens(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be positive: " + capacity);
    }
    types = new byte[capacity];
    starts = new int[capacity];
    ends = new int[capacity];
    codes = new short[capacity];
    flags = new byte[capacity];
  }

  void reset(String s) {
    source = s;
    size = 0;
    truncated = false;
  }

  boolean full() {
    return size == types.length;
  }

  void add(SqlTokenType type, int start, int end, int code, int flag) {
    types[size] = (byte) type.ordinal();
    starts[size] = start;
    ends[size] = end;
    codes[size] = (short) code;
    flags[size] = (byte) flag;
    size++;
  }

  public int capacity() {
    return types.length;
  }

  public int size() {
    return size;
  }

  /** Whether tokenising stopped at the token bound before the end of the input. */
  public boolean truncated() {
    return truncated;
  }

  public SqlTokenType type(int i) {
    return SqlTokenType.of(types[checked(i)]);
  }

  public int start(int i) {
    return starts[checked(i)];
  }

  public int end(int i) {
    return ends[checked(i)];
  }

  /** The token's text, quotes and comment markers included (allocates; for tests and logs). */
  public String text(int i) {
    return source.substring(starts[checked(i)], ends[i]);
  }

  /** The known word of a keyword, logic operator, function or bareword token, else null. */
  public SqlWord word(int i) {
    byte t = types[checked(i)];
    if (t == KEYWORD || t == LOGIC || t == FUNCTION || t == BAREWORD) {
      return SqlWord.of(codes[i]);
    }
    return null;
  }

  /** The operator of an {@link SqlTokenType#OPERATOR} token, else null. */
  public SqlOperator operator(int i) {
    return types[checked(i)] == OPERATOR ? SqlOperator.of(codes[i]) : null;
  }

  /** The quote character of a string token ({@code '}, {@code "} or a backtick), else 0. */
  public char quote(int i) {
    return types[checked(i)] == STRING ? (char) codes[i] : 0;
  }

  /** Whether a string or block comment was closed. */
  public boolean closed(int i) {
    return (flags[checked(i)] & CLOSED) != 0;
  }

  /** Whether the token is the string opened by the tokenising context. */
  public boolean contextString(int i) {
    return (flags[checked(i)] & CONTEXT) != 0;
  }

  private int checked(int i) {
    if (i < 0 || i >= size) {
      throw new IndexOutOfBoundsException(i);
    }
    return i;
  }

  @Override
  public String toString() {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < size; i++) {
      out.append(i == 0 ? "" : " ").append(type(i)).append('(').append(text(i)).append(')');
    }
    return truncated ? out.append(" ...").toString() : out.toString();
  }

  static final byte STRING = (byte) SqlTokenType.STRING.ordinal();
  static final byte NUMBER = (byte) SqlTokenType.NUMBER.ordinal();
  static final byte KEYWORD = (byte) SqlTokenType.KEYWORD.ordinal();
  static final byte FUNCTION = (byte) SqlTokenType.FUNCTION.ordinal();
  static final byte OPERATOR = (byte) SqlTokenType.OPERATOR.ordinal();
  static final byte LOGIC = (byte) SqlTokenType.LOGIC.ordinal();
  static final byte COMMENT = (byte) SqlTokenType.COMMENT.ordinal();
  static final byte VARIABLE = (byte) SqlTokenType.VARIABLE.ordinal();
  static final byte LEFT_PAREN = (byte) SqlTokenType.LEFT_PAREN.ordinal();
  static final byte RIGHT_PAREN = (byte) SqlTokenType.RIGHT_PAREN.ordinal();
  static final byte COMMA = (byte) SqlTokenType.COMMA.ordinal();
  static final byte SEMICOLON = (byte) SqlTokenType.SEMICOLON.ordinal();
  static final byte BAREWORD = (byte) SqlTokenType.BAREWORD.ordinal();
  static final byte OTHER = (byte) SqlTokenType.OTHER.ordinal();
}
