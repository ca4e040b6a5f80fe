package ai.traceable.tme.engine.detect.xxe;

import ai.traceable.tme.engine.detect.AttackClass;
import ai.traceable.tme.engine.detect.DetectionRule;
import ai.traceable.tme.engine.detect.Detector;
import ai.traceable.tme.engine.detect.Hits;
import ai.traceable.tme.engine.detect.RuleTable;
import ai.traceable.tme.engine.detect.Severity;
import ai.traceable.tme.engine.inspect.Inspected;

/**
 * XML external entities and entity expansion. Looks at the markup declarations of a document (or of
 * any value that carries XML): external entities ({@code SYSTEM}/{@code PUBLIC}), parameter
 * entities, chains of entities that reference each other (billion laughs), external DTDs and
 * XInclude. Requests to APIs have no reason to declare entities at all.
 */
public final class XxeDetector implements Detector {
  private static final RuleTable.Builder RULES = RuleTable.builder(AttackClass.XXE);
  static final DetectionRule EXTERNAL_ENTITY =
      RULES.add("xxe-100", Severity.CRITICAL, 1, "external entity declaration (SYSTEM or PUBLIC)");
  static final DetectionRule PARAMETER_ENTITY =
      RULES.add("xxe-110", Severity.CRITICAL, 1, "parameter entity declaration");
  static final DetectionRule EXPANSION =
      RULES.add(
          "xxe-120", Severity.CRITICAL, 1, "entities that expand other entities (billion laughs)");
  static final DetectionRule XINCLUDE =
      RULES.add("xxe-130", Severity.CRITICAL, 1, "XInclude element");
  static final DetectionRule EXTERNAL_DTD =
      RULES.add("xxe-140", Severity.CRITICAL, 1, "DOCTYPE that loads an external DTD");
  static final DetectionRule INTERNAL_ENTITY =
      RULES.add("xxe-150", Severity.ERROR, 1, "internal entity declaration");
  static final DetectionRule STANDARD_DTD =
      RULES.add("xxe-160", Severity.CRITICAL, 2, "DOCTYPE naming a W3C DTD (XHTML, SVG)");
  static final RuleTable TABLE = RULES.build();

  private static final int MAX_DECLARATIONS = 64;

  @Override
  public RuleTable table() {
    return TABLE;
  }

  @Override
  public void inspect(Inspected value, Hits hits) {
    String s = value.lower();
    int bang = s.indexOf("<!");
    int xi = s.indexOf("xinclude");
    if (xi >= 0 || s.contains("xi:include")) {
      hits.hit(XINCLUDE, Detector.snippet(value.decoded(), Math.max(0, xi)));
    }
    if (bang < 0) {
      return;
    }
    doctype(value, s, bang, hits);
    entities(value, s, bang, hits);
  }

  /** A DOCTYPE that names an external DTD. */
  private static void doctype(Inspected value, String s, int bang, Hits hits) {
    int doctype = s.indexOf("<!doctype", bang);
    if (doctype < 0) {
      return;
    }
    int end = declarationEnd(s, doctype);
    String head =
        s.substring(
            doctype, Math.min(end, s.indexOf('[', doctype) < 0 ? end : s.indexOf('[', doctype)));
    if (head.contains(" system") || head.contains(" public")) {
      boolean standard = head.contains("//w3c//") || head.contains("w3.org/");
      hits.hit(standard ? STANDARD_DTD : EXTERNAL_DTD, Detector.snippet(value.decoded(), doctype));
    }
  }

  /** Entity declarations: external, parameter, internal, and those that expand others. */
  private static void entities(Inspected value, String s, int bang, Hits hits) {
    int entities = 0;
    int referencing = 0;
    int at = s.indexOf("<!entity", bang);
    while (at >= 0 && entities < MAX_DECLARATIONS) {
      entities++;
      int end = declarationEnd(s, at);
      String decl = s.substring(at + 8, end);
      String snippet = Detector.snippet(value.decoded(), at);
      String trimmed = decl.stripLeading();
      if (trimmed.startsWith("%")) {
        hits.hit(PARAMETER_ENTITY, snippet);
      }
      if (decl.contains("system") || decl.contains("public")) {
        hits.hit(EXTERNAL_ENTITY, snippet);
      } else {
        hits.hit(INTERNAL_ENTITY, snippet);
      }
      if (countReferences(decl) >= 2) {
        referencing++;
      }
      at = s.indexOf("<!entity", end);
    }
    if (entities > 0 && referencing == 0 && references(s, s.indexOf("]>")) >= 16) {
      referencing = 2; // one entity referenced over and over: quadratic blow-up
    }
    if (referencing >= 2 || referencing >= 1 && entities >= 3) {
      hits.hit(EXPANSION, Detector.snippet(value.decoded(), s.indexOf("<!entity")));
    }
  }

  private static int declarationEnd(String s, int from) {
    int gt = s.indexOf('>', from);
    return gt < 0 ? s.length() : gt;
  }

  /** Number of {@code &name;} references after {@code from}, counted up to 64. */
  private static int references(String s, int from) {
    if (from < 0) {
      return 0;
    }
    int n = 0;
    int at = s.indexOf('&', from);
    while (at >= 0 && n < 64) {
      int semi = s.indexOf(';', at);
      if (semi > at + 1 && semi - at < 64) {
        n++;
      }
      at = s.indexOf('&', at + 1);
    }
    return n;
  }

  /** Number of {@code &name;} references in a declaration's value. */
  private static int countReferences(String decl) {
    int n = 0;
    int at = decl.indexOf('&');
    while (at >= 0) {
      int semi = decl.indexOf(';', at);
      if (semi > at + 1 && semi - at < 64) {
        n++;
      }
      at = decl.indexOf('&', at + 1);
    }
    return n;
  }
}
