package ai.traceable.tme.engine.detect.ssti;

import ai.traceable.tme.engine.detect.AttackClass;
import ai.traceable.tme.engine.detect.DetectionRule;
import ai.traceable.tme.engine.detect.Detector;
import ai.traceable.tme.engine.detect.Hits;
import ai.traceable.tme.engine.detect.RuleTable;
import ai.traceable.tme.engine.detect.Severity;
import ai.traceable.tme.engine.inspect.Inspected;

/**
 * Server-side template injection.
 *
 * <p>Template syntax in user input is not an attack by itself: CMS fields, e-mail templates and
 * documentation carry {@code Hello {{name}}}, {@code {% if user %}} or {@code ${firstName}}. What
 * an attacker needs is an <em>expression</em> the engine evaluates. The detector therefore finds
 * each template region &mdash; {@code {{...}}}, {@code {%...%}}, {@code ${...}}, {@code #{...}},
 * {@code *{...}}, {@code @{...}}, {@code %{...}}, {@code <%...%>}, {@code <#...>}, {@code @(...)}
 * and Velocity {@code #set(...)} &mdash; and judges its content:
 *
 * <ul>
 *   <li>walks to Python internals ({@code __class__}, {@code __globals__}), Flask/Jinja globals
 *       ({@code config.items()}, {@code lipsum.}, {@code cycler.}), Java reflection and type
 *       references ({@code T(java.lang.Runtime)}, {@code .getClass()}, {@code forName(}),
 *       Freemarker {@code ?new()}, Twig {@code _self.env}, JavaScript {@code constructor} escapes,
 *       Razor {@code System.Diagnostics}, ERB/JSP code, or calls such as {@code os.popen(} are
 *       critical;
 *   <li>arithmetic on literals ({@code {{7*7}}}, {@code ${7*'7'}}) is a probe (error); when the
 *       probe is the whole token or sits in the URL, a header or a cookie, where templates never
 *       belong, a second notice-level rule fires so that a lone probe there is blocked while the
 *       same text inside prose needs another signal;
 *   <li>bare globals ({@code {{config}}}, {@code {{self}}}, {@code {$smarty.version}}) are info
 *       probes (error);
 *   <li>any other expression (calls, filters, strings) is reported at paranoia 2, and plain
 *       identifiers, dotted paths and block markers ({@code {{#each items}}}) only at paranoia 3.
 * </ul>
 *
 * <p>A few signatures are recognised without delimiters ({@code
 * freemarker.template.utility.Execute}, Smarty {@code {php}}, Velocity {@code $class.inspect},
 * chained dunder walks). Regions are at most {@value #MAX_REGION} characters; the scan jumps past
 * each region and finds closing delimiters with forward-only pointers, so the work is linear in the
 * length of the value. Values without <code>{</code>, {@code <%}, {@code <#}, {@code @(}, {@code
 * #set} or {@code __} return after one pass.
 */
public final class SstiDetector implements Detector {
  private static final RuleTable.Builder RULES = RuleTable.builder(AttackClass.SSTI);
  static final DetectionRule DUNDER =
      RULES.add(
          "ssti-100",
          Severity.CRITICAL,
          1,
          "Template expression walking Python internals"
              + " (__class__, __mro__, __subclasses__, __globals__, __builtins__)");
  static final DetectionRule FLASK_GLOBALS =
      RULES.add(
          "ssti-101",
          Severity.CRITICAL,
          1,
          "Jinja/Flask globals walked to code (config.items(), self._TemplateReference, lipsum.,"
              + " cycler., request.application)");
  static final DetectionRule JAVA =
      RULES.add(
          "ssti-102",
          Severity.CRITICAL,
          1,
          "Java EL/SpEL/OGNL reaching classes (T(java.lang.Runtime), getClass(), forName(), new"
              + " java.)");
  static final DetectionRule FREEMARKER =
      RULES.add(
          "ssti-103",
          Severity.CRITICAL,
          1,
          "Freemarker code execution (freemarker.template.utility.Execute, ?new(), ?api)");
  static final DetectionRule VELOCITY =
      RULES.add(
          "ssti-104",
          Severity.CRITICAL,
          1,
          "Velocity reflection ($class.inspect, .getClass(), .getRuntime(), forName)");
  static final DetectionRule SMARTY =
      RULES.add("ssti-105", Severity.CRITICAL, 1, "Smarty code execution ({php}, {system(...)})");
  static final DetectionRule ERB =
      RULES.add(
          "ssti-106",
          Severity.CRITICAL,
          1,
          "ERB/JSP/EJS code block running commands or reading files (<%= system(...) %>)");
  static final DetectionRule TWIG =
      RULES.add(
          "ssti-107",
          Severity.CRITICAL,
          1,
          "Twig environment abuse (_self.env, registerUndefinedFilterCallback, filter('system'))");
  static final DetectionRule JS =
      RULES.add(
          "ssti-108",
          Severity.CRITICAL,
          1,
          "JavaScript template escape (constructor.constructor, process.mainModule,"
              + " child_process)");
  static final DetectionRule RAZOR =
      RULES.add(
          "ssti-109",
          Severity.CRITICAL,
          1,
          "Razor code reaching System.Diagnostics.Process or System.IO");
  static final DetectionRule CODE =
      RULES.add(
          "ssti-110",
          Severity.CRITICAL,
          1,
          "Command or code execution call inside a template expression (os.popen, system, eval,"
              + " import os)");
  static final DetectionRule PROBE =
      RULES.add("ssti-120", Severity.ERROR, 1, "Template arithmetic probe ({{7*7}}, ${7*'7'})");
  static final DetectionRule BARE_PROBE =
      RULES.add(
          "ssti-121",
          Severity.NOTICE,
          1,
          "Template probe forming the whole token, or in the URL, a header or a cookie");
  static final DetectionRule INFO =
      RULES.add(
          "ssti-122",
          Severity.ERROR,
          1,
          "Template global probe ({{config}}, {{self}}, {$smarty.version})");
  static final DetectionRule EXPRESSION =
      RULES.add(
          "ssti-140",
          Severity.ERROR,
          2,
          "Template expression with calls, filters, strings or operators");
  static final DetectionRule DIRECTIVE =
      RULES.add("ssti-141", Severity.CRITICAL, 2, "Velocity #set or Freemarker directive");
  static final DetectionRule MARKUP =
      RULES.add("ssti-150", Severity.ERROR, 3, "Template markup with a plain identifier or block");
  static final RuleTable TABLE = RULES.build();

  /** The longest template region examined. */
  static final int MAX_REGION = 2048;

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
    if (!candidate(value.decoded())) {
      return value.decoded().length();
    }
    String lw = value.lower();
    TemplateScan scan = new TemplateScan(lw, value.placement());
    scan.run();
    scan.found.report(hits);
    return scan.work() + lw.length();
  }

  /** The cheap pre-check: a template opener or a dunder somewhere. */
  static boolean candidate(String s) {
    int n = s.length();
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c == '{') {
        return true;
      }
      if (i + 1 < n) {
        char d = s.charAt(i + 1);
        if ((c == '<' && (d == '%' || d == '#'))
            || (c == '@' && d == '(')
            || (c == '_' && d == '_')
            || (c == '#' && (d == 's' || d == 'S') && s.regionMatches(true, i + 1, "set", 0, 3))) {
          return true;
        }
      }
    }
    return false;
  }
}
