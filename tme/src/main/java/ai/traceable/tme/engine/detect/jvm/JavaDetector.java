package ai.traceable.tme.engine.detect.jvm;

import ai.traceable.tme.engine.detect.AttackClass;
import ai.traceable.tme.engine.detect.DetectionRule;
import ai.traceable.tme.engine.detect.Detector;
import ai.traceable.tme.engine.detect.FoundRules;
import ai.traceable.tme.engine.detect.Gate;
import ai.traceable.tme.engine.detect.Hits;
import ai.traceable.tme.engine.detect.Markers;
import ai.traceable.tme.engine.detect.RuleTable;
import ai.traceable.tme.engine.detect.Severity;
import ai.traceable.tme.engine.detect.Text;
import ai.traceable.tme.engine.inspect.Inspected;

/**
 * Java deserialization and expression-language injection, in any value or name: serialized object
 * streams (the {@code AC ED 00 05} magic, in hex or base64 {@code rO0AB}), class names that only
 * gadget chains use ({@code InvokerTransformer}, {@code TemplatesImpl}, {@code JdbcRowSetImpl}),
 * reflection and process calls ({@code getRuntime()}, {@code Class.forName(}), OGNL internals
 * ({@code #_memberAccess}, {@code @java.lang.Runtime@}), SpEL type references ({@code
 * T(java.lang.Runtime)}), EL that walks from an implicit object to classes, Spring's class-loader
 * property paths and typed YAML or XML that instantiates classes. Ordinary Java mentions (stack
 * traces, {@code org.postgresql.Driver}, Maven coordinates, {@code ${firstName}} placeholders) hold
 * none of these. Log4Shell lookups are the {@code jndi} detector's; template engines' own syntax is
 * the {@code ssti} detector's. Stateless.
 */
public final class JavaDetector implements Detector {
  private static final RuleTable.Builder RULES = RuleTable.builder(AttackClass.JAVA);
  static final DetectionRule SERIALIZED =
      RULES.add(
          "java-100", Severity.CRITICAL, 1, "serialized Java object stream (aced0005, rO0AB)");
  static final DetectionRule GADGET_CLASS =
      RULES.add(
          "java-110",
          Severity.CRITICAL,
          1,
          "class used by deserialization gadget chains or process execution");
  static final DetectionRule REFLECTION =
      RULES.add(
          "java-120",
          Severity.CRITICAL,
          1,
          "Java reflection or process call (getRuntime(), Class.forName(), setAccessible())");
  static final DetectionRule OGNL =
      RULES.add(
          "java-130",
          Severity.CRITICAL,
          1,
          "OGNL internals (#_memberAccess, #context[, @java.lang.X@)");
  static final DetectionRule SPEL_TYPE =
      RULES.add("java-140", Severity.CRITICAL, 1, "SpEL type reference T(java.x.Y) or T(Runtime)");
  static final DetectionRule EL_REACH =
      RULES.add(
          "java-150",
          Severity.CRITICAL,
          1,
          "EL expression ${...} / #{...} walking to classes or the servlet context");
  static final DetectionRule CLASS_LOADER =
      RULES.add(
          "java-160",
          Severity.CRITICAL,
          1,
          "class loader property path (class.module.classLoader)");
  static final DetectionRule TYPED_DOCUMENT =
      RULES.add(
          "java-170",
          Severity.CRITICAL,
          1,
          "YAML or XML that instantiates Java classes (!!java., XMLDecoder, dynamic-proxy)");
  static final DetectionRule JSP_CODE =
      RULES.add("java-180", Severity.CRITICAL, 1, "JSP scriptlet or directive importing classes");
  static final RuleTable TABLE = RULES.build();

  private static final Markers MARKERS =
      Markers.builder()
          .add(
              GADGET_CLASS,
              Markers.ANYWHERE,
              "java.lang.runtime",
              "java.lang.processbuilder",
              "java.lang.processimpl",
              "javax.script.scriptenginemanager",
              "java.net.urlclassloader",
              "jdbcrowsetimpl",
              "templatesimpl",
              "invokertransformer",
              "chainedtransformer",
              "instantiatetransformer",
              "constanttransformer",
              "collections.map.lazymap",
              "tiedmapentry",
              "java.beans.eventhandler",
              "java.beans.xmldecoder",
              "xmlapplicationcontext",
              "drivermanagerconnectionsource",
              "runtime.methodclosure",
              "convertedclosure",
              "beanutils.beancomparator",
              "badattributevalueexpexception",
              "beans.factory.objectfactory",
              "jndiconverter",
              "wrapperconnectionpooldatasource",
              "jndirefforwardingdatasource",
              "com.sun.org.apache.",
              "sun.misc.unsafe",
              "javax.naming.initialcontext",
              "annotationinvocationhandler",
              "remoteobjectinvocationhandler",
              "sun.rmi.server.unicastref",
              "$$bcel$$",
              "bcel.util.classloader",
              "javax.management.remote")
          .add(
              REFLECTION,
              Markers.CALL,
              "getruntime",
              ".forname",
              "getclassloader",
              "getdeclaredfield",
              "getdeclaredmethod",
              "getdeclaredconstructor",
              "setaccessible",
              "defineclass",
              "newinstance")
          .add(REFLECTION, Markers.ANYWHERE, "new processbuilder", "\".execute()", "'.execute()")
          .add(REFLECTION, Markers.ANYWHERE, "init=runscript")
          .add(
              OGNL,
              Markers.ANYWHERE,
              "#_memberaccess",
              "@java.lang.",
              "@java.io.",
              "#context[",
              "xwork.methodaccessor",
              "allowstaticmethodaccess",
              "(#_=",
              "(#_memberaccess",
              "%{(#",
              "%{#",
              "@ognl.",
              "ognlcontext",
              "opensymphony.xwork2",
              "#application[",
              "#attr[")
          .add(
              SPEL_TYPE,
              Markers.WORD_START,
              "t(java.",
              "t(javax.",
              "t(org.",
              "t(com.",
              "t(sun.",
              "t(runtime)",
              "t(system)",
              "t(class)",
              "t(thread)",
              "t(processbuilder)")
          .add(
              CLASS_LOADER,
              Markers.ANYWHERE,
              "class.module.classloader",
              "class.classloader",
              "[class][classloader]",
              "classloader.resources",
              ".classloader.urls",
              "['classloader']",
              "[\"classloader\"]")
          .add(
              TYPED_DOCUMENT,
              Markers.ANYWHERE,
              "!!javax.",
              "!!java.",
              "!!com.sun.",
              "!!org.",
              "<java version",
              "<dynamic-proxy",
              "class=\"java.",
              "class='java.")
          .add(JSP_CODE, Markers.ANYWHERE, "<jsp:scriptlet", "<%@ page import", "<%@page import")
          .build();

  /** Words that, inside an EL expression, reach past the data the template was given. */
  private static final Markers EL_WORDS =
      Markers.builder()
          .add(
              EL_REACH,
              Markers.ANYWHERE,
              "getclass",
              "classloader",
              "pagecontext",
              "facescontext",
              "getexternalcontext",
              "servletcontext",
              "getsession(",
              "getmethods(",
              "invoke(",
              "new java.",
              "applicationscope",
              "request.getparameter",
              "system.getenv",
              "expressions.")
          .build();

  /** EL openers examined per value, so that a value of braces costs linear time. */
  private static final int MAX_REGIONS = 8;

  /**
   * Every rule starts from a marker, an EL opening after its sigil or a serialized stream's magic
   * (the binary one is outside ASCII).
   */
  private static final Gate GATE =
      Gate.anyOf("ro0ab", "aced0005", "${", "#{", "@{", "*{", "%{").or(MARKERS);

  @Override
  public Gate gate() {
    return GATE;
  }

  @Override
  public RuleTable table() {
    return TABLE;
  }

  @Override
  public void inspect(Inspected value, Hits hits) {
    String s = value.decoded();
    FoundRules found = new FoundRules(TABLE);
    int serialized = serialized(value);
    if (serialized >= 0) {
      found.record(SERIALIZED, s, serialized);
    } else {
      MARKERS.scan(s, found);
      if (!found.critical()) {
        expressionLanguage(s, found);
      }
    }
    found.report(hits);
  }

  /** Where a serialized object stream starts: raw magic, its hex, or its base64; else -1. */
  private static int serialized(Inspected value) {
    String s = value.decoded();
    int b64 = s.indexOf("rO0AB");
    if (b64 >= 0 && (b64 == 0 || !Character.isLetterOrDigit(s.charAt(b64 - 1)))) {
      return b64;
    }
    int hex = Text.indexOfIgnoreCase(s, "aced0005", 0, s.length());
    if (hex >= 0) {
      return hex;
    }
    return value.raw().indexOf("\u00ac\u00ed\u0000\u0005");
  }

  /** An EL opener ({@code ${}, {@code #{}, {@code @{}, {@code *{}) followed by a reaching word. */
  private static void expressionLanguage(String s, FoundRules found) {
    int open = s.indexOf('{');
    for (int regions = 0; open > 0 && regions < MAX_REGIONS; ) {
      char sigil = s.charAt(open - 1);
      if (sigil == '$' || sigil == '#' || sigil == '@' || sigil == '*' || sigil == '%') {
        regions++;
        int close = s.indexOf('}', open);
        int end = close < 0 ? Math.min(s.length(), open + 512) : close;
        FoundRules inner = new FoundRules(TABLE);
        EL_WORDS.scan(s.substring(open, end), inner);
        if (inner.critical()) {
          found.record(EL_REACH, s, open - 1);
          return;
        }
      }
      open = s.indexOf('{', open + 1);
    }
  }
}
