package ai.traceable.tme.engine.seclang.transform;

/** {@code removeNulls} deletes NUL bytes; {@code replaceNulls} turns each into a space. */
final class Nulls implements Transformation {
  private final boolean replace;

  Nulls(boolean replace) {
    this.replace = replace;
  }

  @Override
  public String name() {
    return replace ? "replaceNulls" : "removeNulls";
  }

  @Override
  public String apply(String s) {
    if (s.indexOf('\0') < 0) {
      return s;
    }
    return replace ? s.replace('\0', ' ') : s.replace("\0", "");
  }
}
