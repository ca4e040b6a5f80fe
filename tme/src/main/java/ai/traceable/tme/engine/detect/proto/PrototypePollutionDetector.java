package ai.traceable.tme.engine.detect.proto;

import ai.traceable.tme.engine.detect.AttackClass;
import ai.traceable.tme.engine.detect.Chars;
import ai.traceable.tme.engine.detect.DetectionRule;
import ai.traceable.tme.engine.detect.Detector;
import ai.traceable.tme.engine.detect.Gate;
import ai.traceable.tme.engine.detect.Hits;
import ai.traceable.tme.engine.detect.RuleTable;
import ai.traceable.tme.engine.detect.Severity;
import ai.traceable.tme.engine.inspect.Inspected;
import ai.traceable.tme.engine.inspect.Placement;
import java.util.Locale;

/**
 * JavaScript prototype pollution: a property path that reaches {@code Object.prototype} through
 * {@code __proto__} or {@code constructor.prototype}, in a JSON key, a query, form, cookie or
 * multipart name ({@code __proto__[isAdmin]=1}), a set-by-path value ({@code
 * "path":"__proto__.polluted"}), JSON text inside a value, or a path segment. Ordinary data never
 * needs these names: {@code constructor} or {@code prototype} alone, dunder names such as {@code
 * __typename} or {@code __v}, and {@code constructor-view} are left alone. Stateless.
 */
public final class PrototypePollutionDetector implements Detector {
  private static final RuleTable.Builder RULES = RuleTable.builder(AttackClass.PROTO);
  static final DetectionRule PROTO_PROPERTY =
      RULES.add(
          "proto-100", Severity.CRITICAL, 1, "__proto__ as a property in a name, key or path");
  static final DetectionRule CONSTRUCTOR_PROTOTYPE =
      RULES.add(
          "proto-110",
          Severity.CRITICAL,
          1,
          "constructor.prototype or constructor[prototype] property path");
  static final DetectionRule OBJECT_PROTOTYPE =
      RULES.add("proto-120", Severity.CRITICAL, 1, "assignment to Object.prototype");
  static final RuleTable TABLE = RULES.build();

  /** Every rule names a prototype. */
  private static final Gate GATE = Gate.anyOf("proto");

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
    String s = value.lower();
    if (s.indexOf("proto") < 0) {
      return;
    }
    int dunder = s.indexOf("__proto__");
    if (dunder >= 0) {
      hits.hit(PROTO_PROPERTY, Detector.snippet(value.decoded(), dunder));
      return;
    }
    int at = constructorPrototype(s);
    if (at >= 0) {
      hits.hit(CONSTRUCTOR_PROTOTYPE, Detector.snippet(value.decoded(), at));
      return;
    }
    // a JSON key is inspected alone; its path (the name) shows what object it sits in
    if (value.placement() == Placement.JSON_KEY
        && s.equals("prototype")
        && constructorPrototype(value.name().toLowerCase(Locale.ROOT)) >= 0) {
      hits.hit(CONSTRUCTOR_PROTOTYPE, Detector.snippet(value.name(), 0));
      return;
    }
    int object = s.indexOf("object.prototype");
    if (object >= 0 && assigns(s, object + "object.prototype".length())) {
      hits.hit(OBJECT_PROTOTYPE, Detector.snippet(value.decoded(), object));
    }
  }

  /**
   * Where {@code constructor} is followed by {@code prototype} as the next property, through a dot,
   * brackets or quotes ({@code constructor.prototype}, {@code constructor[prototype]}, {@code
   * ['constructor']['prototype']}), or -1.
   */
  static int constructorPrototype(String s) {
    for (int c = s.indexOf("constructor"); c >= 0; c = s.indexOf("constructor", c + 1)) {
      int i = c + "constructor".length();
      int punct = 0;
      while (i < s.length() && ".[]'\" :{".indexOf(s.charAt(i)) >= 0 && punct < 6) {
        i++;
        punct++;
      }
      if (punct > 0 && s.startsWith("prototype", i)) {
        return c;
      }
    }
    return -1;
  }

  /**
   * Whether a property of the prototype is written after {@code from}: {@code .x = } or {@code
   * [x]=}.
   */
  private static boolean assigns(String s, int from) {
    int i = from;
    if (i >= s.length() || s.charAt(i) != '.' && s.charAt(i) != '[') {
      return false;
    }
    i++;
    while (i < s.length()
        && (Chars.isAsciiAlnum(s.charAt(i)) || "_$'\"]".indexOf(s.charAt(i)) >= 0)) {
      i++;
    }
    while (i < s.length() && Chars.isBlank(s.charAt(i))) {
      i++;
    }
    return i < s.length() && s.charAt(i) == '=' && (i + 1 >= s.length() || s.charAt(i + 1) != '=');
  }
}
