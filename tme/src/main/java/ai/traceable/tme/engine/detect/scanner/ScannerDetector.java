package ai.traceable.tme.engine.detect.scanner;

import ai.traceable.tme.engine.detect.AttackClass;
import ai.traceable.tme.engine.detect.DetectionRule;
import ai.traceable.tme.engine.detect.Detector;
import ai.traceable.tme.engine.detect.Hits;
import ai.traceable.tme.engine.detect.Keywords;
import ai.traceable.tme.engine.detect.RuleTable;
import ai.traceable.tme.engine.detect.Severity;
import ai.traceable.tme.engine.inspect.Inspected;
import ai.traceable.tme.engine.inspect.Placement;
import java.util.Set;

/**
 * Attack tools that announce themselves: their user agents, the headers they add, the out-of-band
 * callback domains their payloads use, and the paths they probe first (version control metadata,
 * environment files, admin consoles).
 */
public final class ScannerDetector implements Detector {
  private static final RuleTable.Builder RULES = RuleTable.builder(AttackClass.SCANNER);
  static final DetectionRule TOOL_AGENT =
      RULES.add("scanner-100", Severity.CRITICAL, 1, "user agent of an attack tool");
  static final DetectionRule TOOL_HEADER =
      RULES.add("scanner-110", Severity.CRITICAL, 1, "header added by an attack tool");
  static final DetectionRule CALLBACK_DOMAIN =
      RULES.add(
          "scanner-120", Severity.CRITICAL, 1, "out-of-band callback domain of a testing tool");
  static final DetectionRule SECRET_PROBE =
      RULES.add("scanner-130", Severity.CRITICAL, 1, "probe for repository metadata or secrets");
  static final DetectionRule ADMIN_PROBE =
      RULES.add(
          "scanner-140", Severity.CRITICAL, 1, "probe for an admin console or debug endpoint");
  static final RuleTable TABLE = RULES.build();

  private static final Keywords AGENTS =
      new Keywords(
          "sqlmap",
          "fuzz faster u fool",
          "nikto",
          "nmap scripting engine",
          "nmap nse",
          "masscan",
          "zgrab",
          "nuclei",
          "acunetix",
          "netsparker",
          "invicti",
          "wpscan",
          "dirbuster",
          "gobuster",
          "feroxbuster",
          "ffuf",
          "wfuzz",
          "havij",
          "w3af",
          "commix",
          "jaeles",
          "whatweb",
          "arachni",
          "openvas",
          "owasp zap",
          "zaproxy",
          "burp suite",
          "burpsuite",
          "skipfish",
          "appscan",
          "webinspect",
          "qualys was",
          "nessus",
          "xsstrike",
          "dalfox",
          "joomscan",
          "droopescan",
          "fimap",
          "brutus",
          "hydra",
          "medusa",
          "paros",
          "vega/",
          "grabber",
          "bsqlbf",
          "sqlninja",
          "pangolin",
          "morfeus",
          "zmeu",
          "struts-pwn",
          "log4j-scan",
          "interactsh");

  private static final Set<String> TOOL_HEADERS =
      Set.of(
          "x-scanner",
          "acunetix-product",
          "acunetix-scanning-agreement",
          "acunetix-user-agreement",
          "x-wipp",
          "x-scan-memo",
          "x-request-memo",
          "x-burp-collaborator",
          "x-nuclei",
          "x-arachni-scan-seed");

  private static final Keywords CALLBACKS =
      new Keywords(
          "burpcollaborator.net",
          "oastify.com",
          "interact.sh",
          "oast.fun",
          "oast.pro",
          "oast.live",
          "oast.site",
          "oast.online",
          "oast.me",
          "dnslog.cn",
          "ceye.io",
          "canarytokens.com",
          "requestrepo.com",
          "pipedream.net",
          "xss.ht",
          "bxss.me");

  private static final Keywords SECRET_PATHS =
      new Keywords(
          "/.git/",
          "/.git",
          "/.svn/",
          "/.hg/",
          "/.bzr/",
          "/.env",
          "/.ds_store",
          "/.aws/",
          "/.ssh/",
          "/.htpasswd",
          "/.npmrc",
          "/.dockercfg",
          "/.docker/config.json",
          "/wp-config.php.bak",
          "/config.php.bak",
          "/.idea/",
          "/.vscode/sftp.json",
          "/phpunit/src/util/php/eval-stdin.php",
          "/actuator/env",
          "/actuator/heapdump",
          "/actuator/gateway/routes",
          "/.terraform",
          "/terraform.tfstate",
          "/id_rsa",
          "/backup.sql",
          "/dump.sql",
          "/database.sql");

  private static final Keywords ADMIN_PATHS =
      new Keywords(
          "/phpmyadmin",
          "/pma/",
          "/myadmin/",
          "/wp-admin/setup-config.php",
          "/server-status",
          "/server-info",
          "/jmx-console",
          "/web-console",
          "/manager/html",
          "/solr/admin",
          "/console/login",
          "/hudson/script",
          "/jenkins/script",
          "/.well-known/../",
          "/cgi-bin/php",
          "/cgi-bin/test-cgi",
          "/telescope/requests",
          "/_profiler",
          "/debug/pprof",
          "/elmah.axd",
          "/trace.axd",
          "/phpinfo.php",
          "/info.php",
          "/adminer.php",
          "/setup.php",
          "/install.php");

  @Override
  public RuleTable table() {
    return TABLE;
  }

  @Override
  public void inspect(Inspected value, Hits hits) {
    Placement p = value.placement();
    if (p == Placement.HEADER) {
      if (TOOL_HEADERS.contains(value.name())) {
        hits.hit(TOOL_HEADER, Detector.snippet(value.name() + ": " + value.decoded(), 0));
      }
      if (value.name().equals("user-agent")) {
        int tool = AGENTS.first(value.lower());
        if (tool >= 0) {
          hits.hit(TOOL_AGENT, Detector.snippet(value.decoded(), tool));
        }
      }
    }
    if (p == Placement.PATH) {
      int secret = boundedMatch(SECRET_PATHS, value.lower());
      if (secret >= 0) {
        hits.hit(SECRET_PROBE, Detector.snippet(value.decoded(), secret));
      }
      int admin = boundedMatch(ADMIN_PATHS, value.lower());
      if (admin >= 0) {
        hits.hit(ADMIN_PROBE, Detector.snippet(value.decoded(), admin));
      }
      return;
    }
    if (value.lower().indexOf('.') >= 0) {
      int callback = CALLBACKS.first(value.lower());
      if (callback >= 0) {
        hits.hit(CALLBACK_DOMAIN, Detector.snippet(value.decoded(), callback));
      }
    }
  }

  /** A match that ends at a path boundary, so {@code /.env} does not match {@code /.envoy}. */
  private static int boundedMatch(Keywords words, String path) {
    return words.first(
        path,
        (text, end) -> {
          char next = end < text.length() ? text.charAt(end) : '/';
          return text.charAt(end - 1) == '/'
              || !Character.isLetterOrDigit(next) && next != '-' && next != '_';
        });
  }
}
