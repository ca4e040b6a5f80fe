package ai.traceable.tme.engine.seclang.transform;

/**
 * {@code trim}, {@code trimLeft} and {@code trimRight}: remove C {@code isspace} characters (space,
 * tab, LF, VT, FF, CR; not 0xA0) from one or both ends.
 */
final class Trim implements Transformation {
  private final boolean left;
  private final boolean right;

  Trim(boolean left, boolean right) {
    this.left = left;
    this.right = right;
  }

  @Override
  public String name() {
    if (left && right) {
      return "trim";
    }
    return left ? "trimLeft" : "trimRight";
  }

  @Override
  public String apply(String s) {
    int from = 0;
    int to = s.length();
    if (left) {
      while (from < to && Bytes.isSpace(s.charAt(from))) {
        from++;
      }
    }
    if (right) {
      while (to > from && Bytes.isSpace(s.charAt(to - 1))) {
        to--;
      }
    }
    return s.substring(from, to);
  }
}
