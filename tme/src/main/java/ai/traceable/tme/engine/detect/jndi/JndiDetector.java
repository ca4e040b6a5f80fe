package ai.traceable.tme.engine.detect.jndi;

import ai.traceable.tme.engine.detect.AttackClass;
import ai.traceable.tme.engine.detect.DetectionRule;
import ai.traceable.tme.engine.detect.Detector;
import ai.traceable.tme.engine.detect.Hits;
import ai.traceable.tme.engine.detect.RuleTable;
import ai.traceable.tme.engine.detect.Severity;
import ai.traceable.tme.engine.inspect.Inspected;

/**
 * Log4Shell (CVE-2021-44228 and its bypasses): JNDI lookups in any value, headers especially.
 *
 * <p>Attackers rarely send {@code ${jndi:ldap://...}} literally; they spell it with other lookups
 * ({@code ${${lower:j}ndi:...}}, {@code ${${::-j}${::-n}di:...}}, {@code ${${env:NaN:-j}ndi...}},
 * {@code ${${base64:...}}}). The detector therefore evaluates the lookups with {@link
 * LookupResolver}, a bounded model of Log4j's substitution, and reports what they resolve to:
 *
 * <ul>
 *   <li>a {@code jndi} lookup of {@code ldap:}, {@code ldaps:}, {@code rmi:}, {@code dns:}, {@code
 *       iiop:}, {@code corba:}, {@code nds:}, {@code nis:} or {@code http:} is critical, as is one
 *       that came out of {@code ${base64:...}}, or fragments whose letters spell {@code jndi}
 *       directly followed by a protocol once the lookup syntax is stripped;
 *   <li>a {@code jndi} lookup of anything else is an error;
 *   <li>a context lookup on its own ({@code ${env:...}}, {@code ${sys:...}}, {@code ${java:...}},
 *       {@code ${ctx:...}}, {@code ${main:...}}, {@code ${k8s:...}}, {@code ${hostName}}) is a
 *       probe (warning), and so is a spelling trick without JNDI ({@code ${lower:...}}, {@code
 *       ${::-x}}).
 * </ul>
 *
 * <p>Ordinary template text ({@code ${HOME}}, {@code ${price}}, {@code ${user.name}}, {@code
 * ${VAR:-default}}) resolves to nothing of interest. Values without <code>${</code> cost one {@code
 * indexOf}.
 */
public final class JndiDetector implements Detector {
  private static final RuleTable.Builder RULES = RuleTable.builder(AttackClass.JNDI);
  static final DetectionRule REMOTE =
      RULES.add(
          "jndi-100",
          Severity.CRITICAL,
          1,
          "Log4j JNDI lookup of a remote protocol (ldap, rmi, dns, iiop, corba, nds, nis, http)");
  static final DetectionRule SPELLED =
      RULES.add(
          "jndi-101",
          Severity.CRITICAL,
          1,
          "Lookup fragments spelling a JNDI lookup of a remote protocol");
  static final DetectionRule BASE64 =
      RULES.add("jndi-102", Severity.CRITICAL, 1, "JNDI lookup hidden in ${base64:...}");
  static final DetectionRule OTHER_TARGET =
      RULES.add("jndi-103", Severity.ERROR, 1, "Log4j JNDI lookup of another or unresolved target");
  static final DetectionRule CONTEXT =
      RULES.add(
          "jndi-110",
          Severity.WARNING,
          1,
          "Log4j context lookup (env, sys, java, ctx, main, k8s, hostName): probe or exfiltration");
  static final DetectionRule OBFUSCATION =
      RULES.add(
          "jndi-111",
          Severity.WARNING,
          1,
          "Log4j spelling lookup (lower, upper, date, base64, ::- default) without JNDI");
  static final DetectionRule BARE_JNDI =
      RULES.add("jndi-120", Severity.CRITICAL, 2, "'jndi:' and a protocol outside a lookup");
  static final DetectionRule LOOKUP =
      RULES.add("jndi-130", Severity.ERROR, 3, "Lookup syntax ${name:...}");
  static final RuleTable TABLE = RULES.build();

  @Override
  public RuleTable table() {
    return TABLE;
  }

  @Override
  public void inspect(Inspected value, Hits hits) {
    inspectCounting(value, hits);
  }

  @Override
  public long inspectCounting(Inspected value, Hits hits) {
    String s = value.decoded();
    if (s.indexOf("${") < 0) {
      bareJndi(value, hits);
      return s.length();
    }
    LookupResolver.Resolution o = LookupResolver.resolve(s);
    if (o.jndiAt >= 0) {
      DetectionRule r = o.viaBase64 ? BASE64 : o.jndiProtocol ? REMOTE : OTHER_TARGET;
      hits.hit(r, Detector.snippet(s, o.jndiAt));
      if (r != OTHER_TARGET) {
        return o.work + s.length();
      }
    } else if (o.spelledAt >= 0) {
      hits.hit(SPELLED, Detector.snippet(s, o.spelledAt));
      return o.work + s.length();
    }
    if (o.contextAt >= 0) {
      hits.hit(CONTEXT, Detector.snippet(s, o.contextAt));
    }
    if (o.obfuscationAt >= 0) {
      hits.hit(OBFUSCATION, Detector.snippet(s, o.obfuscationAt));
    }
    if (o.lookupAt >= 0) {
      hits.hit(LOOKUP, Detector.snippet(s, o.lookupAt));
    }
    return o.work + s.length();
  }

  /** {@code jndi:ldap://} without a lookup around it: a broken payload or documentation. */
  private static void bareJndi(Inspected value, Hits hits) {
    String s = value.decoded();
    for (int i = 0; i + 5 < s.length(); i++) {
      char c = s.charAt(i);
      if ((c == 'j' || c == 'J') && s.regionMatches(true, i, "jndi:", 0, 5)) {
        int from = i + 5;
        for (String p : LookupResolver.PROTOCOLS) {
          int end = from + p.length();
          if (s.regionMatches(true, from, p, 0, p.length())
              && s.length() > end
              && s.charAt(end) == ':') {
            hits.hit(BARE_JNDI, Detector.snippet(s, i));
            return;
          }
        }
      }
    }
  }
}
