package ai.traceable.tme.engine.detect.nosqli;

import ai.traceable.tme.engine.detect.Detector;
import ai.traceable.tme.engine.detect.DetectorTableTest;
import ai.traceable.tme.engine.inspect.Placement;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

class NoSqlDetectorTest extends DetectorTableTest {
  private static final NoSqlDetector DETECTOR = new NoSqlDetector();

  @Override
  protected Detector detector() {
    return DETECTOR;
  }

  static Stream<Arguments> attacks() {
    return Stream.of(
        a(Placement.JSON_KEY, "password", "$ne", "nosqli-100"),
        a(Placement.JSON_KEY, "user.password", "user.password.$gt", "nosqli-100"),
        a(Placement.JSON_KEY, "filter", "$where", "nosqli-100"),
        a(Placement.JSON_KEY, "q", "$ElemMatch", "nosqli-100"),
        a(Placement.QUERY_NAME, "", "password[$regex]", "nosqli-110"),
        a(Placement.QUERY_NAME, "", "user[$ne]", "nosqli-110"),
        a(Placement.FORM_NAME, "", "login[$gt]", "nosqli-110"),
        a(Placement.QUERY, "q", "{\"$gt\": \"\"}", "nosqli-120"),
        a(Placement.COOKIE, "filter", "{\"user\":{\"$ne\":null}}", "nosqli-120"),
        a(Placement.JSON, "name", "'; return true; var x='", "nosqli-130"),
        a(Placement.JSON, "name", "' || this.isAdmin == true || '", "nosqli-130"),
        a(Placement.JSON, "where", "this.password.match(/.*/)", "nosqli-130"),
        a(Placement.QUERY, "q", "$where=';sleep(5000);'", "nosqli-130"));
  }

  static Stream<Arguments> benign() {
    return Stream.of(
        b(Placement.JSON_KEY, "price", "price.$"),
        b(Placement.JSON_KEY, "name", "name"),
        b(Placement.QUERY, "amount", "$10"),
        b(Placement.QUERY, "q", "{\"page\":2}"),
        b(Placement.QUERY_NAME, "", "items[0]"),
        b(Placement.JSON, "note", "return the item; it was broken"),
        b(Placement.JSON, "price", "costs $5 or $10"),
        b(Placement.QUERY, "q", "' || '1'=='1"),
        b(Placement.FORM, "user", "admin';sleep(5000);'"));
  }
}
