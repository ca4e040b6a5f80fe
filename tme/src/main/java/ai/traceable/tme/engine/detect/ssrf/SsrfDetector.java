package ai.traceable.tme.engine.detect.ssrf;

import ai.traceable.tme.engine.detect.AttackClass;
import ai.traceable.tme.engine.detect.DetectionRule;
import ai.traceable.tme.engine.detect.Detector;
import ai.traceable.tme.engine.detect.Hits;
import ai.traceable.tme.engine.detect.Severity;
import ai.traceable.tme.engine.inspect.Inspected;
import ai.traceable.tme.engine.inspect.Placement;
import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Server-side request forgery: URLs in request values that point the server at itself, at the cloud
 * metadata service or at internal networks, or that use schemes a server-side fetch should never
 * follow. Hosts are judged the way a resolver would read them, so {@code 2130706433}, {@code
 * 0177.0.0.1}, {@code 0x7f000001}, {@code 127.1} and {@code [::ffff:127.0.0.1]} are all loopback.
 */
public final class SsrfDetector implements Detector {
  static final DetectionRule METADATA =
      rule("ssrf-100", Severity.CRITICAL, 1, "URL to a cloud metadata service");
  static final DetectionRule LOOPBACK =
      rule("ssrf-110", Severity.CRITICAL, 1, "URL to the loopback or unspecified address");
  static final DetectionRule OBFUSCATED =
      rule("ssrf-120", Severity.CRITICAL, 1, "URL host written as a numeric or octal/hex address");
  static final DetectionRule SCHEME =
      rule(
          "ssrf-130",
          Severity.CRITICAL,
          1,
          "URL with a scheme servers must not fetch (gopher, dict, ...)");
  static final DetectionRule PRIVATE =
      rule("ssrf-140", Severity.CRITICAL, 1, "URL to a private, link-local or internal address");
  static final DetectionRule REBINDING =
      rule(
          "ssrf-150",
          Severity.ERROR,
          1,
          "URL host on a wildcard DNS service that resolves to any IP");
  static final DetectionRule INTERNAL_IN_TEXT =
      rule("ssrf-170", Severity.WARNING, 1, "loopback or internal URL inside longer text");
  static final DetectionRule PRIVATE_IN_HEADER =
      rule("ssrf-160", Severity.WARNING, 2, "internal address in a URL-carrying header");

  private static final List<DetectionRule> RULES =
      List.of(
          METADATA,
          LOOPBACK,
          OBFUSCATED,
          SCHEME,
          PRIVATE,
          REBINDING,
          PRIVATE_IN_HEADER,
          INTERNAL_IN_TEXT);

  private static final Set<String> BAD_SCHEMES =
      Set.of(
          "gopher",
          "dict",
          "ldap",
          "ldaps",
          "tftp",
          "jar",
          "netdoc",
          "sftp",
          "ssh",
          "telnet",
          "smb",
          "mailto-never");

  private static final Set<String> METADATA_HOSTS =
      Set.of(
          "169.254.169.254",
          "169.254.170.2",
          "100.100.100.200",
          "metadata.google.internal",
          "metadata.goog",
          "metadata",
          "instance-data",
          "instance-data.ec2.internal",
          "metadata.azure.com",
          "fd00:ec2::254");

  private static final List<String> REBINDING_SUFFIXES =
      List.of(".nip.io", ".xip.io", ".sslip.io", ".localtest.me", ".lvh.me", ".vcap.me", ".1u.ms");

  /** Headers that legitimately carry the gateway's own or a developer's local address. */
  private static final Set<String> ADDRESS_HEADERS =
      Set.of(
          "referer",
          "origin",
          "x-forwarded-host",
          "x-original-url",
          "forwarded",
          "x-forwarded-for",
          "x-real-ip");

  @Override
  public AttackClass attackClass() {
    return AttackClass.SSRF;
  }

  @Override
  public List<DetectionRule> rules() {
    return RULES;
  }

  @Override
  public void inspect(Inspected value, Hits hits) {
    String s = value.lower();
    if (s.indexOf("//") < 0) {
      bareHost(value, s, hits);
      return;
    }
    int from = 0;
    int seen = 0;
    while (seen++ < 8) {
      int sep = s.indexOf("//", from);
      if (sep < 0) {
        return;
      }
      judge(value, s, sep, hits);
      from = sep + 2;
    }
  }

  private void judge(Inspected value, String s, int sep, Hits hits) {
    String scheme = scheme(s, sep);
    if (scheme == null || scheme.isEmpty() && value.placement() == Placement.PATH) {
      return;
    }
    boolean header = value.placement() == Placement.HEADER;
    if (!scheme.isEmpty() && BAD_SCHEMES.contains(scheme)) {
      hits.hit(SCHEME, Detector.snippet(value.decoded(), sep - scheme.length() - 1));
      return;
    }
    if (!scheme.isEmpty()
        && !scheme.equals("http")
        && !scheme.equals("https")
        && !scheme.equals("ftp")) {
      return;
    }
    if (scheme.isEmpty() && sep > 0) {
      return; // "//" in the middle of text without a scheme is not a URL
    }
    String host = host(s, sep + 2);
    if (host.isEmpty()) {
      return;
    }
    String snippet = Detector.snippet(value.decoded(), sep);
    if (METADATA_HOSTS.contains(host)) {
      hits.hit(METADATA, snippet);
      return;
    }
    if (host.equals("localhost")
        || host.endsWith(".localhost")
        || host.equals("localhost.localdomain")) {
      if (!header) {
        hits.hit(inProse(s, sep) ? INTERNAL_IN_TEXT : LOOPBACK, snippet);
      }
      return;
    }
    for (String suffix : REBINDING_SUFFIXES) {
      if (host.endsWith(suffix)) {
        hits.hit(REBINDING, snippet);
        return;
      }
    }
    Address address = Address.parse(host);
    if (address == null) {
      return;
    }
    if (METADATA_HOSTS.contains(address.canonical)) {
      hits.hit(METADATA, snippet);
      return;
    }
    if (address.obfuscated && address.internal) {
      hits.hit(OBFUSCATED, snippet);
      return;
    }
    if (!address.internal) {
      return;
    }
    if (header && ADDRESS_HEADERS.contains(value.name())) {
      hits.hit(PRIVATE_IN_HEADER, snippet);
    } else if (inProse(s, sep)) {
      hits.hit(INTERNAL_IN_TEXT, snippet);
    } else if (address.loopback) {
      hits.hit(LOOPBACK, snippet);
    } else {
      hits.hit(PRIVATE, snippet);
    }
  }

  /**
   * Whether the URL sits inside multi-line text or a sentence (documentation, a code snippet in a
   * support ticket) rather than being the value, or one of its parameters, that a server fetches.
   * Metadata hosts, odd schemes and obfuscated addresses are judged the same either way.
   */
  private static boolean inProse(String s, int sep) {
    int urlStart = sep;
    while (urlStart > 0 && !Character.isWhitespace(s.charAt(urlStart - 1))) {
      urlStart--;
    }
    if (urlStart == 0) {
      return false;
    }
    int spaces = 0;
    for (int i = 0; i < s.length() && spaces < 4; i++) {
      char c = s.charAt(i);
      if (c == '\n') {
        return true;
      }
      if (c == ' ') {
        spaces++;
      }
    }
    return spaces >= 4;
  }

  /** Parameter names whose value is a host or URL an application may fetch. */
  private static final Set<String> URL_PARAMS =
      Set.of(
          "url",
          "uri",
          "link",
          "href",
          "src",
          "dest",
          "destination",
          "redirect",
          "redirect_uri",
          "callback",
          "webhook",
          "target",
          "host",
          "domain",
          "proxy",
          "feed",
          "image",
          "image_url",
          "next",
          "return",
          "return_url",
          "site",
          "endpoint",
          "server",
          "ip",
          "addr",
          "address",
          "path",
          "file",
          "load",
          "fetch",
          "page",
          "remote");

  /** A bare host ({@code 169.254.169.254}, {@code 0x7f000001:8080/x}) in a URL-ish parameter. */
  private void bareHost(Inspected value, String s, Hits hits) {
    if (value.placement() == Placement.HEADER
        || value.placement() == Placement.PATH
        || !URL_PARAMS.contains(lastName(value.name()))) {
      return;
    }
    String host = host(s, 0);
    if (host.isEmpty() || host.length() > 64 || !hostLike(host)) {
      return;
    }
    String snippet = Detector.snippet(value.decoded(), 0);
    if (METADATA_HOSTS.contains(host)) {
      hits.hit(METADATA, snippet);
      return;
    }
    Address address = Address.parse(host);
    if (address == null || !address.internal) {
      return;
    }
    if (METADATA_HOSTS.contains(address.canonical)) {
      hits.hit(METADATA, snippet);
    } else if (address.obfuscated) {
      hits.hit(OBFUSCATED, snippet);
    } else if (address.loopback) {
      hits.hit(LOOPBACK, snippet);
    } else {
      hits.hit(PRIVATE, snippet);
    }
  }

  /**
   * Whether a bare value reads as a host rather than a number or word: dotted, bracketed IPv6, a
   * hex address, or a decimal of at least eight digits ({@code 2130706433}).
   */
  private static boolean hostLike(String host) {
    if (host.indexOf('.') > 0 || host.indexOf(':') >= 0 || host.startsWith("0x")) {
      return true;
    }
    if (host.length() < 8) {
      return false;
    }
    for (int i = 0; i < host.length(); i++) {
      if (host.charAt(i) < '0' || host.charAt(i) > '9') {
        return false;
      }
    }
    return true;
  }

  private static String lastName(String name) {
    int dot = name.lastIndexOf('.');
    return (dot < 0 ? name : name.substring(dot + 1)).toLowerCase(Locale.ROOT);
  }

  /** The scheme before {@code //} at {@code sep} ("" for a scheme-relative URL), or null. */
  private static String scheme(String s, int sep) {
    if (sep == 0) {
      return "";
    }
    if (s.charAt(sep - 1) != ':') {
      return sep == 0 ? "" : null;
    }
    int start = sep - 1;
    while (start > 0) {
      char c = s.charAt(start - 1);
      if (c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '+' || c == '-' || c == '.') {
        start--;
      } else {
        break;
      }
    }
    if (start == sep - 1) {
      return null;
    }
    return s.substring(start, sep - 1);
  }

  /** The host of the authority starting at {@code from}: no user info, port or brackets. */
  static String host(String s, int from) {
    int end = from;
    while (end < s.length() && "/?#\\ \t\r\n\"'<>".indexOf(s.charAt(end)) < 0) {
      end++;
    }
    String authority = s.substring(from, end);
    int at = authority.lastIndexOf('@');
    if (at >= 0) {
      authority = authority.substring(at + 1);
    }
    if (authority.startsWith("[")) {
      int close = authority.indexOf(']');
      return close < 0 ? authority.substring(1) : authority.substring(1, close);
    }
    int colon = authority.indexOf(':');
    if (colon >= 0) {
      authority = authority.substring(0, colon);
    }
    while (authority.endsWith(".")) {
      authority = authority.substring(0, authority.length() - 1);
    }
    return authority;
  }

  /** A host read as an IP address in any of the notations resolvers accept. */
  static final class Address {
    final String canonical;
    final boolean internal;
    final boolean loopback;
    final boolean obfuscated;

    private Address(String canonical, boolean internal, boolean loopback, boolean obfuscated) {
      this.canonical = canonical;
      this.internal = internal;
      this.loopback = loopback;
      this.obfuscated = obfuscated;
    }

    static Address parse(String host) {
      if (host.indexOf(':') >= 0) {
        IPAddress v6 = new IPAddressString(host).getAddress();
        if (v6 == null || !v6.isIPv6()) {
          return null;
        }
        if (v6.toIPv6().isIPv4Convertible()
            && (v6.toIPv6().isIPv4Mapped() || v6.toIPv6().isIPv4Compatible())) {
          IPAddress v4 = v6.toIPv6().getEmbeddedIPv4Address();
          long bits = v4.getValue().longValue();
          Address a = v4(bits, true);
          return a;
        }
        String canonical = v6.toCompressedString();
        boolean loop = v6.isLoopback() || v6.isZero();
        boolean internal =
            loop
                || v6.isLinkLocal()
                || v6.isLocal()
                || canonical.startsWith("fc")
                || canonical.startsWith("fd");
        return new Address(canonical, internal, loop, false);
      }
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
        long v;
        try {
          if (part.startsWith("0x")) {
            v = part.length() == 2 ? 0 : Long.parseLong(part.substring(2), 16);
            obfuscated = true;
          } else if (part.length() > 1 && part.startsWith("0")) {
            v = Long.parseLong(part, 8);
            obfuscated = true;
          } else {
            v = Long.parseLong(part);
          }
        } catch (NumberFormatException e) {
          return null;
        }
        if (v < 0 || v > 0xffffffffL) {
          return null;
        }
        parts[n++] = v;
        if (dot < 0) {
          break;
        }
        i = dot + 1;
      }
      long bits;
      switch (n) {
        case 1 -> {
          bits = parts[0];
          obfuscated = true;
        }
        case 2 -> {
          if (parts[0] > 255 || parts[1] > 0xffffff) {
            return null;
          }
          bits = parts[0] << 24 | parts[1];
          obfuscated = true;
        }
        case 3 -> {
          if (parts[0] > 255 || parts[1] > 255 || parts[2] > 0xffff) {
            return null;
          }
          bits = parts[0] << 24 | parts[1] << 16 | parts[2];
          obfuscated = true;
        }
        case 4 -> {
          for (int k = 0; k < 4; k++) {
            if (parts[k] > 255) {
              return null;
            }
          }
          bits = parts[0] << 24 | parts[1] << 16 | parts[2] << 8 | parts[3];
        }
        default -> {
          return null;
        }
      }
      return v4(bits, obfuscated);
    }

    private static Address v4(long bits, boolean obfuscated) {
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
      return new Address(canonical, internal, loopback, obfuscated);
    }
  }

  private static DetectionRule rule(String id, Severity severity, int paranoia, String text) {
    return new DetectionRule(id, AttackClass.SSRF, severity, paranoia, text);
  }
}
