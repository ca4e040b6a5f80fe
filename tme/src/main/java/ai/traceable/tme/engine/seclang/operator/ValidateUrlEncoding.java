package ai.traceable.tme.engine.seclang.operator;

/**
 * {@code @validateUrlEncoding}: true when a {@code %} in the value is not followed by two hex
 * digits (including a {@code %} too close to the end).
 */
final class ValidateUrlEncoding implements Operator {

  @Override
  public boolean matches(String value, MatchContext ctx) {
    int n = value.length();
    int i = value.indexOf('%');
    while (i >= 0) {
      if (i + 2 >= n || !isHex(value.charAt(i + 1)) || !isHex(value.charAt(i + 2))) {
        return true;
      }
      i = value.indexOf('%', i + 3);
    }
    return false;
  }

  private static boolean isHex(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }
}
