package ai.traceable.tme.engine.detect.ssrf;

import ai.traceable.tme.engine.detect.AttackClass;
import ai.traceable.tme.engine.detect.DetectionRule;
import ai.traceable.tme.engine.detect.Detector;
import ai.traceable.tme.engine.detect.Hits;
import ai.traceable.tme.engine.detect.RuleTable;
import ai.traceable.tme.engine.detect.Severity;
import ai.traceable.tme.engine.detect.Text;
import ai.traceable.tme.engine.inspect.Inspected;
import ai.traceable.tme.engine.inspect.Placement;
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
  private static final RuleTable.Builder RULES = RuleTable.builder(AttackClass.SSRF);
  static final DetectionRule METADATA =
      RULES.add("ssrf-100", Severity.CRITICAL, 1, "URL to a cloud metadata service");
  static final DetectionRule LOOPBACK =
      RULES.add("ssrf-110", Severity.CRITICAL, 1, "URL to the loopback or unspecified address");
  static final DetectionRule OBFUSCATED =
      RULES.add(
          "ssrf-120", Severity.CRITICAL, 1, "URL host written as a numeric or octal/hex address");
  static final DetectionRule SCHEME =
      RULES.add(
          "ssrf-130",
          Severity.CRITICAL,
          1,
          "URL with a scheme servers must not fetch (gopher, dict, ...)");
  static final DetectionRule PRIVATE =
      RULES.add(
          "ssrf-140", Severity.CRITICAL, 1, "URL to a private, link-local or internal address");
  static final DetectionRule REBINDING =
      RULES.add(
          "ssrf-150",
          Severity.ERROR,
          1,
          "URL host on a wildcard DNS service that resolves to any IP");
  static final DetectionRule PRIVATE_IN_HEADER =
      RULES.add("ssrf-160", Severity.CRITICAL, 2, "internal address in a URL-carrying header");
  static final DetectionRule INTERNAL_IN_TEXT =
      RULES.add("ssrf-170", Severity.WARNING, 1, "loopback or internal URL inside longer text");
  static final RuleTable TABLE = RULES.build();

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
  public RuleTable table() {
    return TABLE;
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

  /** Judges the URL whose {@code //} is at {@code sep}. */
  private static void judge(Inspected value, String s, int sep, Hits hits) {
    String scheme = UrlParts.scheme(s, sep);
    if (scheme == null || scheme.isEmpty() && (value.placement() == Placement.PATH || sep > 0)) {
      return; // "//" in the middle of text without a scheme is not a URL
    }
    if (!scheme.isEmpty()) {
      if (BAD_SCHEMES.contains(scheme)) {
        hits.hit(SCHEME, Detector.snippet(value.decoded(), sep - scheme.length() - 1));
        return;
      }
      if (!scheme.equals("http") && !scheme.equals("https") && !scheme.equals("ftp")) {
        return;
      }
    }
    String host = UrlParts.host(s, sep + 2);
    if (host.isEmpty()) {
      return;
    }
    DetectionRule rule = urlRule(value, s, sep, host);
    if (rule != null) {
      hits.hit(rule, Detector.snippet(value.decoded(), sep));
    }
  }

  /** The rule a fetchable URL to {@code host} breaks, or null. */
  private static DetectionRule urlRule(Inspected value, String s, int sep, String host) {
    boolean header = value.placement() == Placement.HEADER;
    if (METADATA_HOSTS.contains(host)) {
      return METADATA;
    }
    if (host.equals("localhost")
        || host.endsWith(".localhost")
        || host.equals("localhost.localdomain")) {
      return header ? null : inProse(s, sep) ? INTERNAL_IN_TEXT : LOOPBACK;
    }
    for (String suffix : REBINDING_SUFFIXES) {
      if (host.endsWith(suffix)) {
        return REBINDING;
      }
    }
    HostAddress address = HostAddress.parse(host);
    if (address == null) {
      return null;
    }
    if (METADATA_HOSTS.contains(address.canonical())) {
      return METADATA;
    }
    if (address.obfuscated() && address.internal()) {
      return OBFUSCATED;
    }
    if (!address.internal()) {
      return null;
    }
    if (header && ADDRESS_HEADERS.contains(value.name())) {
      return PRIVATE_IN_HEADER;
    }
    if (inProse(s, sep)) {
      return INTERNAL_IN_TEXT;
    }
    return address.loopback() ? LOOPBACK : PRIVATE;
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
  private static void bareHost(Inspected value, String s, Hits hits) {
    if (value.placement() == Placement.HEADER
        || value.placement() == Placement.PATH
        || !URL_PARAMS.contains(Text.afterLastDot(value.name()).toLowerCase(Locale.ROOT))) {
      return;
    }
    String host = UrlParts.host(s, 0);
    if (host.isEmpty() || host.length() > 64 || !hostLike(host)) {
      return;
    }
    String snippet = Detector.snippet(value.decoded(), 0);
    if (METADATA_HOSTS.contains(host)) {
      hits.hit(METADATA, snippet);
      return;
    }
    HostAddress address = HostAddress.parse(host);
    if (address == null || !address.internal()) {
      return;
    }
    if (METADATA_HOSTS.contains(address.canonical())) {
      hits.hit(METADATA, snippet);
    } else if (address.obfuscated()) {
      hits.hit(OBFUSCATED, snippet);
    } else if (address.loopback()) {
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
}
