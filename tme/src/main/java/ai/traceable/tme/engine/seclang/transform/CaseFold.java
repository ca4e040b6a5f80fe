package ai.traceable.tme.engine.seclang.transform;

/** {@code lowercase} and {@code uppercase}: ASCII letters only, as C's "C" locale has it. */
final class CaseFold implements Transformation {
  private final boolean upper;

  CaseFold(boolean upper) {
    this.upper = upper;
  }

  @Override
  public String name() {
    return upper ? "uppercase" : "lowercase";
  }

  @Override
  public String apply(String s) {
    int n = s.length();
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (fold(c) != c) {
        char[] out = s.toCharArray();
        for (int j = i; j < n; j++) {
          out[j] = fold(out[j]);
        }
        return new String(out);
      }
    }
    return s;
  }

  private char fold(char c) {
    return upper ? Bytes.toUpper(c) : Bytes.toLower(c);
  }
}
