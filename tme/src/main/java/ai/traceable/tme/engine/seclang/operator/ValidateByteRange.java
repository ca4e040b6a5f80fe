package ai.traceable.tme.engine.seclang.operator;

/**
 * {@code @validateByteRange}: true when the value holds a byte outside the allowed ones, given as a
 * comma-separated list of bytes and ranges ({@code 10,13,32-126}), each 0..255.
 */
final class ValidateByteRange implements Operator {
  private final ByteSet allowed = new ByteSet();

  ValidateByteRange(String argument) {
    for (String part : argument.split(",")) {
      String entry = part.trim();
      if (entry.isEmpty()) {
        continue;
      }
      int dash = entry.indexOf('-');
      int from = parseByte(dash < 0 ? entry : entry.substring(0, dash), argument);
      int to = dash < 0 ? from : parseByte(entry.substring(dash + 1), argument);
      if (to < from) {
        throw new IllegalArgumentException("@validateByteRange: bad range " + entry);
      }
      allowed.addRange(from, to);
    }
  }

  private static int parseByte(String s, String argument) {
    try {
      int v = Integer.parseInt(s.trim());
      if (v >= 0 && v <= 255) {
        return v;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException("@validateByteRange: not a byte 0-255 in " + argument);
  }

  @Override
  public boolean matches(String value, MatchContext ctx) {
    for (int i = 0; i < value.length(); i++) {
      if (!allowed.contains(value.charAt(i))) {
        return true;
      }
    }
    return false;
  }
}
