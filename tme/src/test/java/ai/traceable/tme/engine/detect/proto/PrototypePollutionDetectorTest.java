package ai.traceable.tme.engine.detect.proto;

import ai.traceable.tme.engine.detect.Detector;
import ai.traceable.tme.engine.detect.DetectorTableTest;
import ai.traceable.tme.engine.inspect.Placement;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

class PrototypePollutionDetectorTest extends DetectorTableTest {
  private static final PrototypePollutionDetector DETECTOR = new PrototypePollutionDetector();

  @Override
  protected Detector detector() {
    return DETECTOR;
  }

  static Stream<Arguments> attacks() {
    return Stream.of(
        a(Placement.JSON_KEY, "__proto__", "__proto__", "proto-100"),
        a(Placement.QUERY_NAME, "", "__proto__[admin]", "proto-100"),
        a(Placement.QUERY_NAME, "", "a[__proto__][b]", "proto-100"),
        a(Placement.QUERY_NAME, "", "__pro__proto__to__[x]", "proto-100"),
        a(Placement.COOKIE_NAME, "", "__proto__.admin", "proto-100"),
        a(Placement.JSON, "path", "__proto__.polluted", "proto-100"),
        a(Placement.PATH_SEGMENT, "", "__proto__", "proto-100"),
        a(Placement.QUERY, "s", "{\"__proto__\":{\"admin\":true}}", "proto-100"),
        a(Placement.QUERY_NAME, "", "constructor[prototype][admin]", "proto-110"),
        a(Placement.FORM_NAME, "", "constructor.prototype.isAdmin", "proto-110"),
        a(Placement.JSON_KEY, "constructor.prototype", "prototype", "proto-110"),
        a(Placement.QUERY, "q", "x['constructor']['prototype']['y']=1", "proto-110"),
        a(Placement.HEADER, "x-prefs", "{\"constructor\":{\"prototype\":{\"a\":1}}}", "proto-110"),
        a(Placement.JSON, "expr", "Object.prototype.polluted=1", "proto-120"),
        a(Placement.JSON, "expr", "Object.prototype['isAdmin'] = true", "proto-120"));
  }

  static Stream<Arguments> benign() {
    return Stream.of(
        b(Placement.JSON_KEY, "i.__typename", "__typename"),
        b(Placement.JSON_KEY, "__v", "__v"),
        b(Placement.JSON, "role", "constructor"),
        b(Placement.QUERY, "stage", "prototype"),
        b(Placement.JSON_KEY, "panels.constructor-view", "constructor-view"),
        b(Placement.JSON_KEY, "prototype", "prototype"),
        b(Placement.JSON_KEY, "settings.prototype", "prototype"),
        b(Placement.JSON, "proto", "tcp"),
        b(Placement.JSON, "text", "remember to add __init__.py to the package"),
        b(Placement.COOKIE_NAME, "", "__Host-session"),
        b(Placement.JSON, "note", "the constructor builds a prototype quickly"),
        b(Placement.JSON, "expr", "Object.prototype.hasOwnProperty.call(o, k) == true"));
  }
}
