package ai.traceable.tme.engine.detect.sqli;

import static ai.traceable.tme.engine.detect.sqli.SqlTokenType.BAREWORD;
import static ai.traceable.tme.engine.detect.sqli.SqlTokenType.COMMA;
import static ai.traceable.tme.engine.detect.sqli.SqlTokenType.COMMENT;
import static ai.traceable.tme.engine.detect.sqli.SqlTokenType.FUNCTION;
import static ai.traceable.tme.engine.detect.sqli.SqlTokenType.KEYWORD;
import static ai.traceable.tme.engine.detect.sqli.SqlTokenType.LEFT_PAREN;
import static ai.traceable.tme.engine.detect.sqli.SqlTokenType.LOGIC;
import static ai.traceable.tme.engine.detect.sqli.SqlTokenType.NUMBER;
import static ai.traceable.tme.engine.detect.sqli.SqlTokenType.OPERATOR;
import static ai.traceable.tme.engine.detect.sqli.SqlTokenType.OTHER;
import static ai.traceable.tme.engine.detect.sqli.SqlTokenType.RIGHT_PAREN;
import static ai.traceable.tme.engine.detect.sqli.SqlTokenType.SEMICOLON;
import static ai.traceable.tme.engine.detect.sqli.SqlTokenType.STRING;
import static ai.traceable.tme.engine.detect.sqli.SqlTokenType.VARIABLE;
import static org.assertj.core.api.Assertions.assertThat;

import ai.traceable.tme.engine.detect.sqli.SqlTokenizer.Context;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SqlTokenizerTest {

  private static SqlTokens tokens(String s) {
    return SqlTokenizer.tokenize(s);
  }

  private static List<SqlTokenType> types(SqlTokens t) {
    List<SqlTokenType> out = new ArrayList<>();
    for (int i = 0; i < t.size(); i++) {
      out.add(t.type(i));
    }
    return out;
  }

  private static List<String> texts(SqlTokens t) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < t.size(); i++) {
      out.add(t.text(i));
    }
    return out;
  }

  @Test
  void classicTautologyInPlainContext() {
    SqlTokens t = tokens("1 OR 1=1");
    assertThat(types(t)).containsExactly(NUMBER, LOGIC, NUMBER, OPERATOR, NUMBER);
    assertThat(t.word(1)).isEqualTo(SqlWord.OR);
    assertThat(t.operator(3)).isEqualTo(SqlOperator.EQ);
  }

  @Test
  void singleQuoteContextClosesTheStringTheValueIsIn() {
    SqlTokens t = SqlTokenizer.tokenize("1' OR '1'='1", Context.SINGLE_QUOTE, 64);
    assertThat(types(t)).containsExactly(STRING, LOGIC, STRING, OPERATOR, STRING);
    assertThat(t.contextString(0)).isTrue();
    assertThat(t.closed(0)).isTrue();
    assertThat(t.text(0)).isEqualTo("1'");
    assertThat(t.closed(2)).isTrue();
    assertThat(t.closed(4)).isFalse();
    assertThat(t.quote(4)).isEqualTo('\'');
  }

  @Test
  void contextStringThatNeverClosesIsOneToken() {
    SqlTokens t = SqlTokenizer.tokenize("no quote here OR 1=1", Context.DOUBLE_QUOTE, 64);
    assertThat(t.size()).isEqualTo(1);
    assertThat(t.type(0)).isEqualTo(STRING);
    assertThat(t.closed(0)).isFalse();
  }

  @Test
  void contextStringSkipsDoubledQuotes() {
    SqlTokens t = SqlTokenizer.tokenize("it''s' OR 1", Context.SINGLE_QUOTE, 64);
    assertThat(texts(t)).containsExactly("it''s'", "OR", "1");
  }

  @Test
  void stringStylesAndEscapes() {
    SqlTokens t = tokens("'a\\'b' \"c\"\"d\" `e` 'open");
    assertThat(types(t)).containsExactly(STRING, STRING, STRING, STRING);
    assertThat(texts(t)).containsExactly("'a\\'b'", "\"c\"\"d\"", "`e`", "'open");
    assertThat(t.quote(0)).isEqualTo('\'');
    assertThat(t.quote(1)).isEqualTo('"');
    assertThat(t.quote(2)).isEqualTo('`');
    assertThat(t.closed(2)).isTrue();
    assertThat(t.closed(3)).isFalse();
  }

  @Test
  void prefixedStrings() {
    SqlTokens t = tokens("N'abc' x'41' name");
    assertThat(types(t)).containsExactly(STRING, STRING, BAREWORD);
    assertThat(t.text(0)).isEqualTo("N'abc'");
  }

  @ParameterizedTest
  @ValueSource(strings = {"0x61646d696e", "0X1F", "0b0101", "42", "3.14", ".5", "1e10", "2.5E-3"})
  void numbers(String s) {
    SqlTokens t = tokens(s);
    assertThat(types(t)).containsExactly(NUMBER);
    assertThat(t.text(0)).isEqualTo(s);
  }

  @Test
  void digitsFollowedByLettersAreAWordButDecimalsStopAtLetters() {
    assertThat(types(tokens("5th"))).containsExactly(BAREWORD);
    assertThat(types(tokens("0xZZ"))).containsExactly(BAREWORD);
    SqlTokens t = tokens("1.0union select");
    assertThat(types(t)).containsExactly(NUMBER, KEYWORD, KEYWORD);
    assertThat(t.word(1)).isEqualTo(SqlWord.UNION);
  }

  @Test
  void keywordsAreCaseInsensitive() {
    SqlTokens t = tokens("UnIoN aLl SeLeCt");
    assertThat(types(t)).containsExactly(KEYWORD, KEYWORD, KEYWORD);
    assertThat(t.word(0)).isEqualTo(SqlWord.UNION);
    assertThat(t.word(1)).isEqualTo(SqlWord.ALL);
    assertThat(t.word(2)).isEqualTo(SqlWord.SELECT);
  }

  @Test
  void twoWordKeywordsAreMergedEvenAcrossComments() {
    SqlTokens t = tokens("ORDER BY 1 group/**/by x SOUNDS   LIKE 'a'");
    assertThat(types(t)).containsExactly(KEYWORD, NUMBER, KEYWORD, BAREWORD, KEYWORD, STRING);
    assertThat(t.word(0)).isEqualTo(SqlWord.ORDER_BY);
    assertThat(t.text(0)).isEqualTo("ORDER BY");
    assertThat(t.word(2)).isEqualTo(SqlWord.GROUP_BY);
    assertThat(t.word(4)).isEqualTo(SqlWord.SOUNDS_LIKE);
  }

  @Test
  void logicOperatorsInWordsAndSymbols() {
    SqlTokens t = tokens("a AND b && c OR d || e XOR f");
    assertThat(types(t))
        .containsExactly(
            BAREWORD, LOGIC, BAREWORD, LOGIC, BAREWORD, LOGIC, BAREWORD, LOGIC, BAREWORD, LOGIC,
            BAREWORD);
    assertThat(t.word(3)).isEqualTo(SqlWord.AND);
    assertThat(t.word(7)).isEqualTo(SqlWord.OR);
    assertThat(t.word(9)).isEqualTo(SqlWord.XOR);
  }

  @Test
  void functionsNeedAParenthesis() {
    SqlTokens t = tokens("SLEEP(5) sleep well myfunc(1) user");
    assertThat(types(t))
        .containsExactly(
            FUNCTION,
            LEFT_PAREN,
            NUMBER,
            RIGHT_PAREN,
            BAREWORD,
            BAREWORD,
            FUNCTION,
            LEFT_PAREN,
            NUMBER,
            RIGHT_PAREN,
            KEYWORD);
    assertThat(t.word(0)).isEqualTo(SqlWord.SLEEP);
    assertThat(t.word(4)).isEqualTo(SqlWord.SLEEP);
    assertThat(t.word(6)).isNull();
  }

  @Test
  void knownFunctionsMayHaveSpaceBeforeTheParenthesis() {
    SqlTokens t = tokens("benchmark (1,2)");
    assertThat(t.type(0)).isEqualTo(FUNCTION);
    assertThat(t.word(0)).isEqualTo(SqlWord.BENCHMARK);
  }

  @Test
  void qualifiedNames() {
    SqlTokens t = tokens("DBMS_PIPE.RECEIVE_MESSAGE('a',5) master..xp_cmdshell 'dir'");
    assertThat(t.type(0)).isEqualTo(FUNCTION);
    assertThat(t.word(0)).isEqualTo(SqlWord.DBMS_PIPE_RECEIVE_MESSAGE);
    int proc = t.size() - 2;
    assertThat(t.text(proc)).isEqualTo("master..xp_cmdshell");
    assertThat(t.word(proc)).isEqualTo(SqlWord.XP_CMDSHELL);
  }

  @Test
  void operators() {
    SqlTokens t = tokens("= <> != < > <= >= <=> + - * / % ^ | & ~ := :: == !");
    assertThat(types(t)).allMatch(x -> x == OPERATOR);
    List<SqlOperator> ops = new ArrayList<>();
    for (int i = 0; i < t.size(); i++) {
      ops.add(t.operator(i));
    }
    assertThat(ops)
        .containsExactly(
            SqlOperator.EQ,
            SqlOperator.NOT_EQ,
            SqlOperator.NOT_EQ,
            SqlOperator.LESS,
            SqlOperator.GREATER,
            SqlOperator.LESS_EQ,
            SqlOperator.GREATER_EQ,
            SqlOperator.NULL_SAFE_EQ,
            SqlOperator.PLUS,
            SqlOperator.MINUS,
            SqlOperator.STAR,
            SqlOperator.SLASH,
            SqlOperator.PERCENT,
            SqlOperator.CARET,
            SqlOperator.PIPE,
            SqlOperator.AMPERSAND,
            SqlOperator.TILDE,
            SqlOperator.ASSIGN,
            SqlOperator.CAST,
            SqlOperator.DOUBLE_EQ,
            SqlOperator.BANG);
  }

  @Test
  void comments() {
    assertThat(types(tokens("admin'--"))).containsExactly(BAREWORD, STRING);
    SqlTokens t = SqlTokenizer.tokenize("admin'-- -", Context.SINGLE_QUOTE, 64);
    assertThat(types(t)).containsExactly(STRING, COMMENT);
    assertThat(t.text(1)).isEqualTo("-- -");
    assertThat(types(tokens("1 # rest\n2"))).containsExactly(NUMBER, COMMENT, NUMBER);
    assertThat(types(tokens("1 /* a */ 2 /* open")))
        .containsExactly(NUMBER, COMMENT, NUMBER, COMMENT);
    SqlTokens block = tokens("/* open");
    assertThat(block.closed(0)).isFalse();
    assertThat(types(tokens("1--1"))).containsExactly(NUMBER, OPERATOR, OPERATOR, NUMBER);
  }

  @Test
  void commentsSplitWordsAndActAsSpace() {
    SqlTokens t = tokens("UN/**/ION SEL/**/ECT");
    assertThat(texts(t)).containsExactly("UN", "/**/", "ION", "SEL", "/**/", "ECT");
    SqlTokens s = tokens("UNION/**/SELECT");
    assertThat(types(s)).containsExactly(KEYWORD, COMMENT, KEYWORD);
  }

  @Test
  void executableCommentContentIsSql() {
    SqlTokens t = tokens("-1 /*!50000union*/ /*!select*/ 1,@@version");
    assertThat(texts(t)).containsExactly("-", "1", "union", "select", "1", ",", "@@version");
    assertThat(t.word(2)).isEqualTo(SqlWord.UNION);
    assertThat(t.type(6)).isEqualTo(VARIABLE);
  }

  @Test
  void variablesAndPunctuation() {
    SqlTokens t = tokens("@a, @@version; (x)");
    assertThat(types(t))
        .containsExactly(VARIABLE, COMMA, VARIABLE, SEMICOLON, LEFT_PAREN, BAREWORD, RIGHT_PAREN);
    assertThat(types(tokens("@ :?"))).containsExactly(OTHER, OTHER, OTHER);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "1\tOR\t1=1",
        "1\nOR\n1=1",
        "1\rOR\r1=1",
        "1\u000bOR\u000b1=1",
        "1\fOR\f1=1",
        "1\u00a0OR\u00a01=1",
        "1\ufffdOR\ufffd1=1",
        "1\u2003OR\u30001=1"
      })
  void whitespaceAlternatives(String s) {
    assertThat(types(tokens(s))).containsExactly(NUMBER, LOGIC, NUMBER, OPERATOR, NUMBER);
  }

  @Test
  void nonAsciiLettersAreWordsAndSymbolsAreOther() {
    SqlTokens t = tokens("Müller 北京 👍👍 x");
    assertThat(types(t)).containsExactly(BAREWORD, BAREWORD, OTHER, BAREWORD);
    assertThat(t.text(2)).isEqualTo("👍👍");
  }

  @Test
  void stopsAtTheTokenBound() {
    String s = "(".repeat(1_000);
    SqlTokens t = SqlTokenizer.tokenize(s, Context.PLAIN, 16);
    assertThat(t.size()).isEqualTo(16);
    assertThat(t.truncated()).isTrue();
    SqlTokens small = SqlTokenizer.tokenize("a b", Context.PLAIN, 16);
    assertThat(small.truncated()).isFalse();
  }

  @Test
  void megabyteInputsStayWithinTheBound() {
    for (String unit : new String[] {"'", "(", "/*", "\"", "-- \n", "a'", "@", "0x", "`"}) {
      String s = unit.repeat(1_000_000 / unit.length());
      for (Context context : Context.values()) {
        SqlTokens t = SqlTokenizer.tokenize(s, context, 64);
        assertThat(t.size()).as(unit + " " + context).isLessThanOrEqualTo(64);
      }
    }
  }

  @Test
  void randomInputNeverThrowsAndTokensCoverTheInputInOrder() {
    Random random = new Random(42);
    String alphabet =
        "'\"`;()=-#/*|&<>@!~:., \t\n0123456789abcxyzORANDSELECTunion\u00a0\ufffd\u00e9";
    for (int iteration = 0; iteration < 5_000; iteration++) {
      int length = random.nextInt(60);
      StringBuilder b = new StringBuilder();
      for (int i = 0; i < length; i++) {
        b.append(
            random.nextInt(20) == 0
                ? (char) random.nextInt(0x10000)
                : alphabet.charAt(random.nextInt(alphabet.length())));
      }
      String s = b.toString();
      for (Context context : Context.values()) {
        SqlTokens t = SqlTokenizer.tokenize(s, context, 32);
        int previousEnd = 0;
        for (int i = 0; i < t.size(); i++) {
          assertThat(t.start(i)).isGreaterThanOrEqualTo(previousEnd);
          assertThat(t.end(i)).isLessThanOrEqualTo(s.length());
          if (!t.contextString(i)) {
            // only the string opened by the context can be empty (the value "" inside quotes)
            assertThat(t.end(i)).isGreaterThan(t.start(i));
          }
          previousEnd = t.end(i);
        }
      }
    }
  }
}
