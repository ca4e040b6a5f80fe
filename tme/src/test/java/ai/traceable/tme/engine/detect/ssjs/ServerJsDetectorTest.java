package ai.traceable.tme.engine.detect.ssjs;

import ai.traceable.tme.engine.detect.Detector;
import ai.traceable.tme.engine.detect.DetectorTableTest;
import ai.traceable.tme.engine.inspect.Placement;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

class ServerJsDetectorTest extends DetectorTableTest {
  private static final ServerJsDetector DETECTOR = new ServerJsDetector();

  @Override
  protected Detector detector() {
    return DETECTOR;
  }

  static Stream<Arguments> attacks() {
    return Stream.of(
        a(Placement.JSON, "$where", "obj.credits - obj.debits < 0", "ssjs-100"),
        a(Placement.JSON, "filter.$where", "1", "ssjs-100"),
        a(Placement.FORM, "password[$where]", "return true", "ssjs-100"),
        a(Placement.JSON, "pipeline.$match.$expr.$function.body", "x", "ssjs-100"),
        a(Placement.QUERY, "where", "function(){return 1==1}", "ssjs-110"),
        a(Placement.COOKIE, "sort", "function (a,b){return 0}", "ssjs-110"),
        a(Placement.JSON, "filter", "sleep(10000)", "ssjs-120"),
        a(Placement.QUERY, "q", "1; while(true){}", "ssjs-120"),
        a(Placement.JSON, "pass", "\"; do {x++} while(c-d<5000); \"", "ssjs-120"),
        a(Placement.QUERY, "expr", "db.getCollectionNames()", "ssjs-130"),
        a(Placement.QUERY, "s", "1';db.users.insert({role:'admin'});'", "ssjs-130"),
        a(
            Placement.FORM,
            "f",
            "emit(1,1); db.getSiblingDB('admin').system.users.find()",
            "ssjs-130"),
        a(Placement.QUERY, "name", "'||this.isAdmin==true||'", "ssjs-140"),
        a(Placement.COOKIE, "q", "this.token.match(/^[a-f]/)", "ssjs-140"),
        a(Placement.JSON, "where", "this.password.length>0", "ssjs-140"),
        a(Placement.QUERY, "id", "0;return true", "ssjs-150"));
  }

  static Stream<Arguments> benign() {
    return Stream.of(
        b(Placement.JSON, "text", "What is the function of the blue button on the dashboard?"),
        b(Placement.JSON, "activity", "sleep"),
        b(Placement.QUERY, "where", "Berlin"),
        b(Placement.QUERY, "q", "this week"),
        b(Placement.FORM, "text", "Please return this by Friday."),
        b(Placement.JSON, "text", "We should emit an event when the order ships."),
        b(Placement.JSON, "body", "Where this. is used in a sentence, it ends one."),
        b(Placement.QUERY, "sleep", "300"),
        b(Placement.JSON, "url", "jdbc:postgresql://db.internal:5432/reports"),
        b(Placement.JSON, "note", "sleep (8 hours) matters"),
        b(Placement.JSON_KEY, "$where", "$where"),
        b(Placement.JSON, "code", "const item = await db.query('SELECT 1');\nreturn item;"),
        b(Placement.JSON, "text", "call db.connect(url) first"),
        b(Placement.JSON, "code", "db.orders.find({ status: 'open' }).limit(5)"),
        b(Placement.JSON, "code", "export function Greeting({ name }) {\n  return name;\n}\n"));
  }
}
