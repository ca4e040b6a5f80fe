package ai.traceable.tme.load;

/**
 * A {@code host:port} target; IPv6 literals are written in brackets ({@code [::1]:5442}).
 * Immutable.
 */
record HostPort(String host, int port) {
  static HostPort parse(String value) {
    int colon = value.lastIndexOf(':');
    if (colon <= 0 || colon == value.length() - 1) {
      throw new IllegalArgumentException("target must be HOST:PORT, was '" + value + "'");
    }
    String host = value.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    try {
      return new HostPort(host, Integer.parseInt(value.substring(colon + 1)));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("target port must be a number, was '" + value + "'");
    }
  }
}
