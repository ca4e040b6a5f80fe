package ai.traceable.tme.engine.seclang.transform;

/** {@code length}: the number of bytes in the value, in decimal. */
final class Length implements Transformation {

  @Override
  public String name() {
    return "length";
  }

  @Override
  public String apply(String s) {
    return Integer.toString(s.length());
  }
}
