package ai.traceable.tme.engine.seclang.transform;

/**
 * {@code hexDecode}: reads the value as pairs of hex digits, one byte per pair; an odd last
 * character is dropped. Like ModSecurity it does not check the digits: a pair that is not hex gives
 * the byte its arithmetic gives (see {@link Bytes#x2c}), never an error.
 */
final class HexDecode implements Transformation {

  @Override
  public String name() {
    return "hexDecode";
  }

  @Override
  public String apply(String s) {
    int pairs = s.length() / 2;
    char[] out = new char[pairs];
    for (int i = 0; i < pairs; i++) {
      out[i] = Bytes.x2c(s.charAt(2 * i), s.charAt(2 * i + 1));
    }
    return new String(out);
  }
}
