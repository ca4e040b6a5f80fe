package ai.traceable.tme.engine.seclang.transform;

/** {@code hexEncode}: each byte as two lower-case hex digits. */
final class HexEncode implements Transformation {
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  @Override
  public String name() {
    return "hexEncode";
  }

  @Override
  public String apply(String s) {
    char[] out = new char[s.length() * 2];
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      out[2 * i] = HEX[(c >> 4) & 0xF];
      out[2 * i + 1] = HEX[c & 0xF];
    }
    return new String(out);
  }
}
