package ai.traceable.tme.engine.detect.jvm;

import ai.traceable.tme.engine.detect.Detector;
import ai.traceable.tme.engine.detect.DetectorTableTest;
import ai.traceable.tme.engine.inspect.Placement;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

class JavaDetectorTest extends DetectorTableTest {
  private static final JavaDetector DETECTOR = new JavaDetector();

  @Override
  protected Detector detector() {
    return DETECTOR;
  }

  static Stream<Arguments> attacks() {
    return Stream.of(
        a(Placement.COOKIE, "rememberMe", "rO0ABXNyABFqYXZhLnV0aWwuSGFzaE1hcA==", "java-100"),
        a(Placement.FORM, "data", "aced0005737200176a6176612e7574696c", "java-100"),
        a(
            Placement.FORM,
            "payload",
            "org.apache.commons.collections.functors.InvokerTransformer",
            "java-110"),
        a(Placement.JSON, "@type", "com.sun.rowset.JdbcRowSetImpl", "java-110"),
        a(Placement.COOKIE_NAME, "", "java.lang.ProcessBuilder", "java-110"),
        a(
            Placement.JSON_KEY,
            "x",
            "com.sun.org.apache.xalan.internal.xsltc.trax.TemplatesImpl",
            "java-110"),
        a(Placement.QUERY, "q", "@{Runtime.getRuntime().exec(\"id\")}", "java-120"),
        a(Placement.QUERY, "expr", "Class.forName(\"x\").getMethod(\"exec\")", "java-120"),
        a(Placement.FORM, "code", "def p = \"id\".execute(); p.text", "java-120"),
        a(Placement.COOKIE, "pref", "new java.lang.ProcessBuilder(\"cat\").start()", "java-110"),
        a(Placement.HEADER, "content-type", "%{(#_='multipart/form-data').(#dm=1)}", "java-130"),
        a(Placement.HEADER, "referer", "%{(#a=@java.lang.Runtime@getRuntime())}", "java-130"),
        a(Placement.COOKIE, "state", "%{#context['com.opensymphony.xwork2.x']}", "java-130"),
        a(
            Placement.QUERY,
            "host",
            "T(org.springframework.util.StreamUtils).copyToString(x)",
            "java-140"),
        a(Placement.HEADER, "x-route", "T(java.lang.System).getenv()", "java-140"),
        a(Placement.FORM, "template", "${pageContext.request.getSession()}", "java-150"),
        a(
            Placement.JSON,
            "footer",
            "#{facesContext.getExternalContext().redirect(\"x\")}",
            "java-150"),
        a(Placement.FORM_NAME, "", "class.module.classLoader.resources.context.parent", "java-160"),
        a(Placement.QUERY_NAME, "", "class.classLoader.URLs[0]", "java-160"),
        a(Placement.TEXT, "", "plugin: !!javax.script.ScriptEngineManager [x]", "java-170"),
        a(Placement.XML, "", "<sorted-set><dynamic-proxy><interface>x</interface>", "java-170"),
        a(Placement.MULTIPART, "doc", "<jsp:root><jsp:scriptlet>x</jsp:scriptlet>", "java-180"));
  }

  static Stream<Arguments> benign() {
    return Stream.of(
        b(
            Placement.JSON,
            "description",
            "java.lang.NullPointerException at java.base/java.lang.Thread.run(Thread.java:840)"),
        b(Placement.JSON, "type", "java.io.IOException"),
        b(Placement.JSON, "@type", "type.googleapis.com/google.protobuf.Duration"),
        b(Placement.JSON, "body", "Hi ${firstName}, your order ${orderNumber} is on its way."),
        b(Placement.QUERY, "package", "org.apache.commons:commons-collections4:4.4"),
        b(Placement.JSON, "driver", "org.postgresql.Driver"),
        b(Placement.QUERY, "q", "runtime error on checkout page"),
        b(Placement.JSON, "text", "The Java runtime asked to update, is the app compatible?"),
        b(Placement.JSON, "title", "Q3 #{region} summary"),
        b(Placement.JSON, "total", "${count(items)} items"),
        b(Placement.QUERY, "q", "print(java.version)"),
        b(Placement.COOKIE, "JSESSIONID", "6D3F0A1B2C4E5F708192A3B4C5D6E7F8"));
  }
}
