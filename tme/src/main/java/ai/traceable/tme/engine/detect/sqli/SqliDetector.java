package ai.traceable.tme.engine.detect.sqli;

import ai.traceable.tme.engine.detect.AttackClass;
import ai.traceable.tme.engine.detect.Chars;
import ai.traceable.tme.engine.detect.DetectionRule;
import ai.traceable.tme.engine.detect.Detector;
import ai.traceable.tme.engine.detect.Hits;
import ai.traceable.tme.engine.detect.RuleTable;
import ai.traceable.tme.engine.detect.Severity;
import ai.traceable.tme.engine.detect.Text;
import ai.traceable.tme.engine.inspect.Inspected;

/**
 * Finds SQL injection by tokenising values as SQL and judging the shapes of the token sequences,
 * not by matching patterns against text.
 *
 * <p>An attacker's input lands somewhere inside a query the application builds: in place of a
 * number or identifier, or inside a quoted string. Each value is therefore tokenised (by {@link
 * SqlTokenizer}) up to three times: as is, as if it followed an opening single quote, and as if it
 * followed an opening double quote. In a quoted context the first token is the rest of that string;
 * when its closing quote comes from the value, what follows is the attacker's SQL, and the tokens
 * right after that break-out are judged strictly: a logic operator followed by a comparison or a
 * constant (a tautology), a semicolon followed by a statement, a comment that cuts the rest of the
 * query off, a column-probing {@code ORDER BY}. Some shapes are judged anywhere in the value
 * because they mean SQL wherever they appear: {@code UNION SELECT} with a real select list,
 * sub-queries used as operands, delaying, error-leaking and file-reading functions, {@code INTO
 * OUTFILE}, dangerous stored procedures. When a value contains block comments it is also tokenised
 * with them removed, which undoes {@code UN/**}{@code /ION}-style splitting.
 *
 * <p>Ordinary text is protected by the shapes themselves: prose has words but rarely SQL
 * punctuation in SQL order, an apostrophe in a name does not start a break-out followed by an
 * operator, and an equation without a preceding logic operator is not a tautology. Values without
 * any SQL punctuation or trigger word are skipped before tokenising.
 *
 * <p>Rules with paranoia above 1 cover weaker signals (a SQL statement pasted as text, a stacked
 * statement deep in a value, a comment after a number); the detector reports every rule up to the
 * paranoia it was built with, and the engine adds up severities.
 */
public final class SqliDetector implements Detector {

  private static final RuleTable.Builder RULES = RuleTable.builder(AttackClass.SQLI);
  static final DetectionRule UNION_SELECT =
      RULES.add("sqli-100", Severity.CRITICAL, 1, "UNION [ALL|DISTINCT] SELECT with a select list");
  static final DetectionRule SUBQUERY =
      RULES.add(
          "sqli-101", Severity.CRITICAL, 1, "sub-query used as an operand of a logic operator");
  static final DetectionRule TAUTOLOGY =
      RULES.add("sqli-110", Severity.CRITICAL, 1, "break-out followed by a boolean condition");
  static final DetectionRule TAUTOLOGY_ANYWHERE =
      RULES.add(
          "sqli-111", Severity.CRITICAL, 1, "logic operator followed by an always-true equality");
  static final DetectionRule CONSTANT_BRANCH =
      RULES.add(
          "sqli-112", Severity.CRITICAL, 1, "CASE WHEN / IF() / IIF() on a constant comparison");
  static final DetectionRule STACKED =
      RULES.add("sqli-120", Severity.CRITICAL, 1, "break-out followed by ; and a SQL statement");
  static final DetectionRule COMMENT_BREAKOUT =
      RULES.add(
          "sqli-130", Severity.CRITICAL, 1, "short value, quote and a comment that ends the query");
  static final DetectionRule COMMENT_AFTER_QUOTE =
      RULES.add("sqli-131", Severity.ERROR, 1, "quote followed by a comment that ends the query");
  static final DetectionRule TIME_BASED =
      RULES.add("sqli-140", Severity.CRITICAL, 1, "delay function or WAITFOR in SQL syntax");
  static final DetectionRule ERROR_BASED =
      RULES.add("sqli-141", Severity.CRITICAL, 1, "function used to leak data through SQL errors");
  static final DetectionRule FILE_ACCESS =
      RULES.add("sqli-150", Severity.CRITICAL, 1, "file, network or command access from SQL");
  static final DetectionRule ORDER_BY_COMMENT =
      RULES.add(
          "sqli-160", Severity.CRITICAL, 1, "break-out, ORDER/GROUP BY column number, comment");
  static final DetectionRule ORDER_BY =
      RULES.add(
          "sqli-161", Severity.ERROR, 1, "break-out followed by ORDER/GROUP BY column number");
  static final DetectionRule OBFUSCATION =
      RULES.add(
          "sqli-170", Severity.WARNING, 1, "CHAR()/CHR() codes, hex literals or CONCAT pieces");
  static final DetectionRule CATALOGUE =
      RULES.add(
          "sqli-180", Severity.WARNING, 1, "system catalogue or server variable in SQL syntax");
  static final DetectionRule STATEMENT =
      RULES.add("sqli-190", Severity.ERROR, 2, "SQL statement or sub-query in the value");
  static final DetectionRule STACKED_ANYWHERE =
      RULES.add(
          "sqli-191", Severity.CRITICAL, 2, "; followed by a SQL statement anywhere in the value");
  static final DetectionRule WEAK_BREAKOUT =
      RULES.add("sqli-192", Severity.CRITICAL, 2, "break-out followed by a logic operator");
  static final DetectionRule RISKY_FUNCTION =
      RULES.add("sqli-193", Severity.CRITICAL, 2, "delay, error or file function called anywhere");
  static final DetectionRule COMMENT_AFTER_LITERAL =
      RULES.add("sqli-194", Severity.ERROR, 3, "number or string followed by a SQL comment");
  static final RuleTable TABLE = RULES.build();

  private static final SqlTokenizer.Context[] QUOTED = {
    SqlTokenizer.Context.SINGLE_QUOTE, SqlTokenizer.Context.DOUBLE_QUOTE
  };

  private final int paranoia;
  private final int maxTokens;

  /** Reports every rule (the engine filters by paranoia), with the default token bound. */
  public SqliDetector() {
    this(4, SqlTokenizer.DEFAULT_MAX_TOKENS);
  }

  /**
   * @param paranoia report only rules whose paranoia is at most this (1-4)
   * @param maxTokens tokens read per context before giving up on the rest of a value
   */
  public SqliDetector(int paranoia, int maxTokens) {
    if (paranoia < 1 || paranoia > 4) {
      throw new IllegalArgumentException("paranoia must be 1-4: " + paranoia);
    }
    if (maxTokens < 8) {
      throw new IllegalArgumentException("maxTokens must be at least 8: " + maxTokens);
    }
    this.paranoia = paranoia;
    this.maxTokens = maxTokens;
  }

  @Override
  public RuleTable table() {
    return TABLE;
  }

  @Override
  public void inspect(Inspected value, Hits hits) {
    inspect(value.decoded(), hits);
  }

  /** Inspects one decoded value. */
  public void inspect(String s, Hits hits) {
    int pre = Precheck.scan(s);
    if ((pre & Precheck.TOKENISE) == 0) {
      return;
    }
    SqliAnalysis analysis = new SqliAnalysis(this, hits, new SqlTokens(maxTokens));
    if (analyse(analysis, s, pre)) {
      return;
    }
    if ((pre & Precheck.BLOCK_COMMENT) != 0) {
      String stripped = stripBlockComments(s);
      if (!stripped.equals(s)) {
        analyse(analysis, stripped, pre);
      }
    }
  }

  /** Runs the contexts the value needs; true once a critical rule has hit. */
  private static boolean analyse(SqliAnalysis analysis, String s, int pre) {
    analysis.run(s, SqlTokenizer.Context.PLAIN);
    for (SqlTokenizer.Context context : QUOTED) {
      if (analysis.critical()) {
        return true;
      }
      int needed = context == SqlTokenizer.Context.SINGLE_QUOTE ? Precheck.SINGLE : Precheck.DOUBLE;
      if ((pre & needed) != 0) {
        analysis.run(s, context);
      }
    }
    return analysis.critical();
  }

  boolean enabled(DetectionRule rule) {
    return rule.paranoia() <= paranoia;
  }

  /**
   * {@code s} with block comments removed entirely (so {@code UN/**}{@code /ION} becomes {@code
   * UNION}) and executable comment markers removed while their content is kept.
   */
  static String stripBlockComments(String s) {
    int n = s.length();
    StringBuilder out = new StringBuilder(n);
    boolean executable = false;
    int i = 0;
    while (i < n) {
      char c = s.charAt(i);
      if (c == '/' && Text.charAt(s, i + 1) == '*') {
        int body = SqlTokenizer.executableStart(s, i);
        if (body > 0) {
          executable = true;
          i = body;
          continue;
        }
        int close = s.indexOf("*/", i + 2);
        i = close < 0 ? n : close + 2;
        continue;
      }
      if (executable && c == '*' && Text.charAt(s, i + 1) == '/') {
        executable = false;
        i += 2;
        continue;
      }
      out.append(c);
      i++;
    }
    return out.toString();
  }

  /** The cheap scan that decides whether a value is worth tokenising, and in which contexts. */
  static final class Precheck {
    static final int TOKENISE = 1;
    static final int SINGLE = 1 << 1;
    static final int DOUBLE = 1 << 2;
    static final int BLOCK_COMMENT = 1 << 3;

    private Precheck() {}

    /**
     * Looks for SQL punctuation ({@code ' " ` ; ( ) = # < > @ -- /* || &&}) or a trigger word
     * (UNION, SELECT, ORDER, GROUP, HAVING, TRUE, FALSE, NULL, LIKE, RLIKE, REGEXP, BETWEEN), and
     * records which quotes and whether block comments occur.
     */
    static int scan(String s) {
      int n = s.length();
      int found = 0;
      int wordStart = -1;
      for (int i = 0; i < n; i++) {
        char c = s.charAt(i);
        if (Chars.isAsciiLetter(c)) {
          if (wordStart < 0) {
            wordStart = i;
          }
          continue;
        }
        if (wordStart >= 0) {
          if ((found & TOKENISE) == 0 && triggerWord(s, wordStart, i)) {
            found |= TOKENISE;
          }
          wordStart = -1;
        }
        found |= punctuation(s, i, c);
      }
      if (wordStart >= 0 && triggerWord(s, wordStart, n)) {
        found |= TOKENISE;
      }
      return found;
    }

    private static int punctuation(String s, int i, char c) {
      switch (c) {
        case '\'':
          return TOKENISE | SINGLE;
        case '"':
          return TOKENISE | DOUBLE;
        case '`', ';', '(', ')', '=', '#', '<', '>', '@':
          return TOKENISE;
        case '-':
          return Text.charAt(s, i + 1) == '-' ? TOKENISE : 0;
        case '|':
          return Text.charAt(s, i + 1) == '|' ? TOKENISE : 0;
        case '&':
          return Text.charAt(s, i + 1) == '&' ? TOKENISE : 0;
        case '/':
          return Text.charAt(s, i + 1) == '*' ? TOKENISE | BLOCK_COMMENT : 0;
        default:
          return 0;
      }
    }

    private static boolean triggerWord(String s, int from, int to) {
      return switch (to - from) {
        case 4 -> is(s, from, "true") || is(s, from, "null") || is(s, from, "like");
        case 5 ->
            is(s, from, "union")
                || is(s, from, "order")
                || is(s, from, "group")
                || is(s, from, "false")
                || is(s, from, "rlike");
        case 6 -> is(s, from, "select") || is(s, from, "having") || is(s, from, "regexp");
        case 7 -> is(s, from, "between");
        default -> false;
      };
    }

    private static boolean is(String s, int from, String lower) {
      return s.regionMatches(true, from, lower, 0, lower.length());
    }
  }
}
