package ai.traceable.tme.engine.detect.ssrf;

import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import java.util.Locale;

/**
 * A URL host read as an IP address in any of the notations resolvers accept: dotted quads, but also
 * one to three parts ({@code 127.1}, {@code 10.1.256}), whole numbers ({@code 2130706433}), octal
 * and hexadecimal parts ({@code 0177.0.0.1}, {@code 0x7f000001}), and IPv6, including IPv4 mapped
 * into it ({@code ::ffff:127.0.0.1}). Attackers use these spellings because a filter comparing text
 * does not see {@code 127.0.0.1} in them while the server's resolver does.
 *
 * @param canonical the address in the usual notation ({@code 127.0.0.1}, {@code ::1})
 * @param internal whether it is loopback, private, link-local, carrier-grade NAT, unique-local or
 *     unspecified: an address the outside should not make the server fetch
 * @param loopback whether it is loopback or unspecified
 * @param obfuscated whether the host was written in a notation other than a plain dotted quad
 */
record HostAddress(String canonical, boolean internal, boolean loopback, boolean obfuscated) {

  /** The address {@code host} (lower case, no brackets or port) denotes, or null for a name. */
  static HostAddress parse(String host) {
    return host.indexOf(':') >= 0 ? ipv6(host) : ipv4(host);
  }

  private static HostAddress ipv6(String host) {
    IPAddress v6 = new IPAddressString(host).getAddress();
    if (v6 == null || !v6.isIPv6()) {
      return null;
    }
    if (v6.toIPv6().isIPv4Convertible()
        && (v6.toIPv6().isIPv4Mapped() || v6.toIPv6().isIPv4Compatible())) {
      IPAddress v4 = v6.toIPv6().getEmbeddedIPv4Address();
      return ofBits(v4.getValue().longValue(), true);
    }
    String canonical = v6.toCompressedString();
    boolean loop = v6.isLoopback() || v6.isZero();
    boolean internal =
        loop
            || v6.isLinkLocal()
            || v6.isLocal()
            || canonical.startsWith("fc")
            || canonical.startsWith("fd");
    return new HostAddress(canonical, internal, loop, false);
  }

  /** One to four dot-separated numbers, each decimal, octal ({@code 0} prefix) or hex. */
  private static HostAddress ipv4(String host) {
    long[] parts = new long[4];
    int n = 0;
    boolean obfuscated = false;
    int i = 0;
    while (i <= host.length()) {
      int dot = host.indexOf('.', i);
      int end = dot < 0 ? host.length() : dot;
      if (n == 4 || end == i) {
        return null;
      }
      String part = host.substring(i, end);
      long v = number(part);
      if (v < 0) {
        return null;
      }
      obfuscated |= part.startsWith("0x") || (part.length() > 1 && part.startsWith("0"));
      parts[n++] = v;
      if (dot < 0) {
        break;
      }
      i = dot + 1;
    }
    long bits = bits(parts, n);
    return bits < 0 ? null : ofBits(bits, obfuscated || n < 4);
  }

  /** The value of one part, or -1 when it is not a number of at most 32 bits. */
  private static long number(String part) {
    long v;
    try {
      if (part.startsWith("0x")) {
        v = part.length() == 2 ? 0 : Long.parseLong(part.substring(2), 16);
      } else if (part.length() > 1 && part.startsWith("0")) {
        v = Long.parseLong(part, 8);
      } else {
        v = Long.parseLong(part);
      }
    } catch (NumberFormatException e) {
      return -1;
    }
    return v < 0 || v > 0xffffffffL ? -1 : v;
  }

  /**
   * The 32 bits of {@code n} parts as {@code inet_aton} combines them (the last part fills the
   * remaining bytes), or -1 when a part does not fit.
   */
  private static long bits(long[] parts, int n) {
    return switch (n) {
      case 1 -> parts[0];
      case 2 -> parts[0] > 255 || parts[1] > 0xffffff ? -1 : parts[0] << 24 | parts[1];
      case 3 ->
          parts[0] > 255 || parts[1] > 255 || parts[2] > 0xffff
              ? -1
              : parts[0] << 24 | parts[1] << 16 | parts[2];
      case 4 ->
          parts[0] > 255 || parts[1] > 255 || parts[2] > 255 || parts[3] > 255
              ? -1
              : parts[0] << 24 | parts[1] << 16 | parts[2] << 8 | parts[3];
      default -> -1;
    };
  }

  private static HostAddress ofBits(long bits, boolean obfuscated) {
    int a = (int) (bits >>> 24 & 0xff);
    int b = (int) (bits >>> 16 & 0xff);
    String canonical =
        String.format(Locale.ROOT, "%d.%d.%d.%d", a, b, bits >>> 8 & 0xff, bits & 0xff);
    boolean loopback = a == 127 || bits == 0;
    boolean internal =
        loopback
            || a == 10
            || a == 172 && b >= 16 && b <= 31
            || a == 192 && b == 168
            || a == 169 && b == 254
            || a == 100 && b >= 64 && b <= 127
            || a == 0;
    return new HostAddress(canonical, internal, loopback, obfuscated);
  }
}
