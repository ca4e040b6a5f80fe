package ai.traceable.tme.engine.detect.graphql;

import ai.traceable.tme.engine.detect.AttackClass;
import ai.traceable.tme.engine.detect.Chars;
import ai.traceable.tme.engine.detect.DetectionRule;
import ai.traceable.tme.engine.detect.Detector;
import ai.traceable.tme.engine.detect.Gate;
import ai.traceable.tme.engine.detect.Hits;
import ai.traceable.tme.engine.detect.RequestDetector;
import ai.traceable.tme.engine.detect.RuleTable;
import ai.traceable.tme.engine.detect.Severity;
import ai.traceable.tme.engine.inspect.Inspected;
import ai.traceable.tme.engine.inspect.Inspection;
import ai.traceable.tme.engine.inspect.Placement;
import ai.traceable.tme.engine.inspect.RequestView;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * GraphQL introspection and abuse: schema dumps ({@code __schema}, {@code __type(...)}), queries
 * built to exhaust the server (deep nesting, hundreds of aliases or repeated fields, stacked
 * directives, huge page sizes, fragments that spread each other), batches of many operations in one
 * request (password and OTP guessing in one round trip), and mutations sent with GET (cross-site
 * request forgery). An opt-in class ({@link AttackClass#optIn()}): public GraphQL APIs answer
 * introspection on purpose, so it runs only when the rules file names it ({@code
 * detection.classes.graphql: block}).
 *
 * <p>A value is read as a GraphQL document when it has a brace; the scan skips strings and comments
 * and is linear in the value. Limits are generous for hand-written and generated client queries
 * (nesting 8, aliases 10, a field repeated 20 times, directives 10, fragments chained 6 deep, pages
 * of 10,000, batches of 10).
 */
public final class GraphqlDetector implements RequestDetector {
  private static final RuleTable.Builder RULES = RuleTable.builder(AttackClass.GRAPHQL);
  static final DetectionRule INTROSPECTION =
      RULES.add("graphql-100", Severity.CRITICAL, 1, "Introspection query (__schema, __type)");
  static final DetectionRule DEPTH =
      RULES.add("graphql-110", Severity.CRITICAL, 1, "Selection sets nested more than 8 deep");
  static final DetectionRule ALIASES =
      RULES.add(
          "graphql-120",
          Severity.CRITICAL,
          1,
          "More than 10 aliases, or one field repeated more than 20 times, in one document");
  static final DetectionRule DIRECTIVES =
      RULES.add("graphql-130", Severity.CRITICAL, 1, "More than 10 directives in one document");
  static final DetectionRule FRAGMENTS =
      RULES.add(
          "graphql-140",
          Severity.CRITICAL,
          1,
          "Fragments spreading each other in a cycle or a chain more than 6 deep");
  static final DetectionRule PAGE_SIZE =
      RULES.add("graphql-150", Severity.CRITICAL, 1, "Page size argument above 10,000");
  static final DetectionRule BATCH =
      RULES.add("graphql-160", Severity.CRITICAL, 1, "Batch of more than 10 operations");
  static final DetectionRule GET_MUTATION =
      RULES.add("graphql-170", Severity.CRITICAL, 1, "Mutation sent with GET");
  static final RuleTable TABLE = RULES.build();

  private static final int MAX_DEPTH = 8;
  private static final int MAX_ALIASES = 10;
  private static final int MAX_REPEATS = 20;
  private static final int MAX_DIRECTIVES = 10;
  private static final int MAX_CHAIN = 6;
  private static final long MAX_PAGE = 10_000;
  private static final int MAX_BATCH = 10;

  /** A document has a selection set or an introspection field. */
  private static final Gate GATE = Gate.anyOf("{", "__");

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
    if (value.placement() != Placement.JSON_KEY) {
      document(value.decoded(), hits);
    }
  }

  /** Judges one GraphQL document (or any text that may be one). */
  private static void document(String s, Hits hits) {
    if (s.indexOf('{') < 0 && s.indexOf("__") < 0) {
      return;
    }
    int intro = introspection(s);
    if (intro >= 0) {
      hits.hit(INTROSPECTION, Detector.snippet(s, intro));
    }
    if (s.indexOf('{') >= 0) {
      Document d = Document.read(s);
      if (d.depth > MAX_DEPTH) {
        hits.hit(DEPTH, Detector.snippet(s, d.deepestAt));
      }
      if (d.aliases > MAX_ALIASES || d.maxRepeats > MAX_REPEATS) {
        hits.hit(ALIASES, Detector.snippet(s, 0));
      }
      if (d.directives > MAX_DIRECTIVES) {
        hits.hit(DIRECTIVES, Detector.snippet(s, 0));
      }
      if (d.fragmentChain() > MAX_CHAIN) {
        hits.hit(FRAGMENTS, Detector.snippet(s, s.indexOf("fragment")));
      }
      if (d.maxPage > MAX_PAGE) {
        hits.hit(PAGE_SIZE, Detector.snippet(s, 0));
      }
    }
  }

  @Override
  public void inspectRequest(Inspection request, RequestHits hits) {
    RequestView view = request.view();
    byte[] body = view.body();
    Inspected whole = new Inspected(Placement.TEXT, "", "", "");
    for (String document : Operations.of(view)) {
      document(document, (rule, snippet) -> hits.hit(rule, whole, snippet));
    }
    int first = 0;
    while (first < body.length && body[first] <= ' ') {
      first++;
    }
    if (first < body.length && body[first] == '[') {
      String text = new String(body, StandardCharsets.UTF_8);
      int operations = 0;
      for (int at = text.indexOf("\"query\""); at >= 0; at = text.indexOf("\"query\"", at + 7)) {
        operations++;
      }
      if (operations > MAX_BATCH) {
        hits.hit(BATCH, whole, operations + " operations");
      }
    }
    if (view.method().equals("GET")) {
      for (Inspected v : request.inputs().values()) {
        if (v.placement() == Placement.QUERY && v.name().equals("query")) {
          String q = v.decoded().strip();
          if (q.startsWith("mutation")) {
            hits.hit(GET_MUTATION, v, Detector.snippet(q, 0));
          }
        }
      }
    }
  }

  /** {@code __schema} before a brace, or {@code __type} before a parenthesis. */
  static int introspection(String s) {
    for (String name : new String[] {"__schema", "__type"}) {
      for (int at = s.indexOf(name); at >= 0; at = s.indexOf(name, at + 1)) {
        int i = at + name.length();
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
          i++;
        }
        char want = name.equals("__schema") ? '{' : '(';
        if (i < s.length() && s.charAt(i) == want) {
          return at;
        }
      }
    }
    return -1;
  }

  /** What one pass over a document counts. */
  static final class Document {
    int depth;
    int deepestAt;
    int aliases;
    int maxRepeats;
    int directives;
    long maxPage;
    final Map<String, Set<String>> spreads = new HashMap<>();

    /** Per selection set (keyed by where its brace opens) and field name: how often it occurs. */
    private final Map<String, Integer> fieldCounts = new HashMap<>();

    private static final int MAX_TRACKED_LEVELS = 64;

    static Document read(String s) {
      Document d = new Document();
      int level = 0;
      int parens = 0;
      int[] opened = new int[MAX_TRACKED_LEVELS];
      String fragment = null;
      String declared = null;
      int n = s.length();
      int i = 0;
      while (i < n) {
        char c = s.charAt(i);
        if (c == '"') {
          i = skipString(s, i);
          continue;
        }
        if (c == '#') {
          while (i < n && s.charAt(i) != '\n') {
            i++;
          }
          continue;
        }
        if (c == '(') {
          parens++;
        } else if (c == ')') {
          parens = Math.max(0, parens - 1);
        } else if (c == '{') {
          if (level == 0) {
            fragment = declared; // a fragment's body, or an operation's (null)
            declared = null;
          }
          level++;
          if (level < MAX_TRACKED_LEVELS) {
            opened[level] = i;
          }
          if (level > d.depth) {
            d.depth = level;
            d.deepestAt = i;
          }
        } else if (c == '}') {
          level = Math.max(0, level - 1);
        } else if (c == '@') {
          d.directives++;
        } else if (Chars.isAsciiLetter(c) || c == '_') {
          int end = i;
          while (end < n && (Chars.isAsciiAlnum(s.charAt(end)) || s.charAt(end) == '_')) {
            end++;
          }
          String word = s.substring(i, end);
          int next = skipBlanks(s, end);
          if (word.equals("fragment") && level == 0) {
            int nameEnd = wordEnd(s, next);
            declared = s.substring(next, nameEnd);
            i = nameEnd;
            continue;
          }
          if (next < n && s.charAt(next) == ':' && level > 0) {
            int value = skipBlanks(s, next + 1);
            if (parens == 0 && value < n && Chars.isAsciiLetter(s.charAt(value))) {
              d.aliases++;
            } else if (value < n && Chars.isAsciiDigit(s.charAt(value)) && page(word)) {
              int vEnd = value;
              while (vEnd < n && vEnd - value < 18 && Chars.isAsciiDigit(s.charAt(vEnd))) {
                vEnd++;
              }
              d.maxPage = Math.max(d.maxPage, Long.parseLong(s.substring(value, vEnd)));
            }
          } else if (level > 0 && i >= 3 && s.startsWith("...", i - 3)) {
            if (fragment != null && !word.equals("on")) {
              d.spreads.computeIfAbsent(fragment, k -> new HashSet<>()).add(word);
            }
          } else if (level > 0 && parens == 0) {
            String key = opened[Math.min(level, MAX_TRACKED_LEVELS - 1)] + ":" + word;
            d.maxRepeats = Math.max(d.maxRepeats, d.fieldCounts.merge(key, 1, Integer::sum));
          }
          i = end;
          continue;
        }
        i++;
      }
      return d;
    }

    /** The longest chain of fragment spreads; a cycle counts as unbounded. */
    int fragmentChain() {
      Map<String, Integer> longest = new HashMap<>();
      int best = 0;
      for (String f : spreads.keySet()) {
        best = Math.max(best, chain(f, longest, new HashSet<>()));
        if (best > MAX_CHAIN) {
          break;
        }
      }
      return best;
    }

    /** Depth-first, each fragment once: the chain length below {@code f}, or past the limit. */
    private int chain(String f, Map<String, Integer> longest, Set<String> onPath) {
      Integer known = longest.get(f);
      if (known != null) {
        return known;
      }
      if (!onPath.add(f) || onPath.size() > MAX_CHAIN + 1) {
        return MAX_CHAIN + 1;
      }
      int best = 0;
      for (String g : spreads.getOrDefault(f, Set.of())) {
        best = Math.max(best, 1 + chain(g, longest, onPath));
        if (best > MAX_CHAIN) {
          break;
        }
      }
      onPath.remove(f);
      longest.put(f, best);
      return best;
    }

    private static boolean page(String argument) {
      return argument.equals("first")
          || argument.equals("last")
          || argument.equals("limit")
          || argument.equals("pageSize")
          || argument.equals("perPage")
          || argument.equals("take");
    }

    private static int skipString(String s, int at) {
      int i = at + 1;
      while (i < s.length() && s.charAt(i) != '"') {
        i += s.charAt(i) == '\\' ? 2 : 1;
      }
      return i + 1;
    }

    private static int skipBlanks(String s, int from) {
      int i = from;
      while (i < s.length() && (Character.isWhitespace(s.charAt(i)) || s.charAt(i) == ',')) {
        i++;
      }
      return i;
    }

    private static int wordEnd(String s, int from) {
      int i = from;
      while (i < s.length() && (Chars.isAsciiAlnum(s.charAt(i)) || s.charAt(i) == '_')) {
        i++;
      }
      return i;
    }
  }
}
