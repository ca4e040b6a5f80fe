package ai.traceable.tme.engine.policy.signatures;

import static ai.traceable.tme.engine.policy.PolicyTestKit.request;
import static org.assertj.core.api.Assertions.assertThat;

import ai.traceable.tme.engine.inspect.RequestView;
import ai.traceable.tme.engine.policy.PolicyRequest;
import ai.traceable.tme.engine.policy.PolicyTestKit;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SignatureSetTest {

  private static SignatureSet signatures(String yaml) {
    return PolicyTestKit.rules("policies:\n  signatures:\n" + yaml).policies().signatures();
  }

  private static SignatureSet one(String target, String operator, String value) {
    return signatures(
        "    - id: s\n      when:\n        - { target: "
            + target
            + ", operator: "
            + operator
            + ", value: '"
            + value
            + "' }\n");
  }

  private static PolicyRequest get(String path, Map<String, String> headers) {
    return new PolicyRequest(request("GET", path, headers, "", "10.0.0.1"), 0);
  }

  private static int candidates(SignatureSet set, PolicyRequest r) {
    int n = 0;
    for (long w : set.candidates(r)) {
      n += Long.bitCount(w);
    }
    return n;
  }

  @Test
  void aSignatureWhoseLiteralIsAbsentIsNotEvaluated() {
    SignatureSet set = one("URL", "CONTAINS", "debug=1");
    assertThat(set.unanchoredCount()).isZero();
    assertThat(candidates(set, get("/api/items", Map.of()))).isZero();
    assertThat(candidates(set, get("/api/items?DEBUG=1", Map.of()))).isOne();
    assertThat(set.firstMatch(get("/api/items?debug=1", Map.of()))).isNotNull();
    // the automaton ignores case, so a case-sensitive test may be a candidate and still miss
    assertThat(set.firstMatch(get("/api/items?DEBUG=1", Map.of()))).isNull();
  }

  @Test
  void aRegexIsAnchoredOnTheLiteralEveryMatchContains() {
    SignatureSet set = one("USER_AGENT", "MATCHES_REGEX", "(?i)sqlmap/[0-9.]+");
    assertThat(set.unanchoredCount()).isZero();
    assertThat(candidates(set, get("/", Map.of("user-agent", "Mozilla/5.0")))).isZero();
    assertThat(set.firstMatch(get("/", Map.of("user-agent", "SQLMap/1.7")))).isNotNull();
  }

  @Test
  void testsWithoutAUsableLiteralAreAlwaysEvaluated() {
    assertThat(one("URL", "NOT_CONTAIN", "admin").unanchoredCount()).isOne();
    assertThat(one("URL", "MATCHES_REGEX", "^/(a|b)/").unanchoredCount()).isOne();
    assertThat(one("URL", "CONTAINS", "ab").unanchoredCount()).isOne(); // shorter than 3
    assertThat(one("BODY_SIZE", "GREATER_THAN", "10").unanchoredCount()).isOne();
    assertThat(one("HEADER_VALUE", "EQUALS", "x").unanchoredCount()).isOne();
  }

  @Test
  void anAllGroupTakesItsBestAnchorAndAnAnyGroupNeedsOneOnEveryMember() {
    SignatureSet all =
        signatures(
            """
                - id: all
                  when:
                    - { target: HTTP_METHOD, operator: NOT_EQUAL, value: OPTIONS }
                    - { target: HOST, operator: CONTAINS, value: 'abc' }
                    - { target: URL, operator: CONTAINS, value: '/internal/export' }
            """);
    assertThat(SignatureSet.anchors(all.all().get(0).when()))
        .containsExactly(new SignatureSet.Anchor(SignatureTarget.URL, "/internal/export"));

    SignatureSet any =
        signatures(
            """
                - id: any
                  when:
                    - any:
                        - { target: URL, operator: CONTAINS, value: 'wp-admin' }
                        - { target: USER_AGENT, operator: CONTAINS, value: 'Nikto' }
            """);
    assertThat(SignatureSet.anchors(any.all().get(0).when()))
        .containsExactly(
            new SignatureSet.Anchor(SignatureTarget.URL, "wp-admin"),
            // the user agent is scanned as one of the header values
            new SignatureSet.Anchor(SignatureTarget.HEADER_VALUE, "nikto"));
    assertThat(candidates(any, get("/", Map.of("user-agent", "curl")))).isZero();
    assertThat(any.firstMatch(get("/", Map.of("user-agent", "Nikto/2.5")))).isNotNull();

    SignatureSet open =
        signatures(
            """
                - id: open
                  when:
                    - any:
                        - { target: URL, operator: CONTAINS, value: 'wp-admin' }
                        - { target: USER_AGENT, operator: NOT_CONTAIN, value: 'Mozilla' }
            """);
    assertThat(open.unanchoredCount()).isOne();
  }

  @Test
  void aValueOutsideAsciiMakesItsTargetsSignaturesCandidates() {
    // U+212A KELVIN SIGN lower-cases to 'k': "\u212Aey" contains "key" once case is ignored
    SignatureSet set =
        signatures(
            """
                - id: kelvin
                  when:
                    - { target: HEADER_VALUE, operator: CONTAINS, value: 'key', ignoreCase: true }
            """);
    PolicyRequest kelvin = get("/", Map.of("x-note", "\u212Aey"));
    assertThat(candidates(set, kelvin)).isOne();
    assertThat(set.firstMatch(kelvin)).isNotNull();
    assertThat(candidates(set, get("/", Map.of("x-note", "caf\u00e9")))).isOne();
    assertThat(candidates(set, get("/", Map.of("x-note", "cafe")))).isZero();
  }

  @Test
  void theLongestAsciiRunOfALiteralIsItsAnchor() {
    assertThat(SignatureSet.longestAsciiRun("stra\u00dfe-verzeichnis")).isEqualTo("e-verzeichnis");
    assertThat(SignatureSet.longestAsciiRun("\u00e9\u00e8")).isEmpty();
    assertThat(SignatureSet.longestAsciiRun("plain")).isEqualTo("plain");
  }

  @Test
  void matchesAreReportedInFileOrderUntilTheCallerStops() {
    SignatureSet set =
        signatures(
            """
                - id: first
                  when: [ { target: URL, operator: CONTAINS, value: 'export' } ]
                - id: second
                  when: [ { target: URL, operator: NOT_CONTAIN, value: 'nothing-here' } ]
                - id: third
                  when: [ { target: URL, operator: CONTAINS, value: '/api' } ]
            """);
    List<String> seen = new ArrayList<>();
    boolean stopped =
        set.forEachMatch(
            get("/api/export", Map.of()),
            s -> {
              seen.add(s.id());
              return s.id().equals("second");
            });
    assertThat(stopped).isTrue();
    assertThat(seen).containsExactly("first", "second");
  }

  // --- the prefilter never changes the outcome ---

  private static final String[] WORDS = {
    "probe",
    "PROBE-7",
    "admin",
    "Admin",
    "\u212Aey",
    "key",
    "\u017Fecret",
    "secret",
    "stra\u00dfe",
    "STRASSE",
    "x-debug",
    "union select",
    "caf\u00e9",
    "ok"
  };

  private static final String[] REGEXES = {
    "(?i)probe-[0-9]+", "adm.n", "^/api/", "secret$", "(?i)union\\\\s+select", "k[e]y", "(a|b)c"
  };

  private static final String[] TARGETS = {
    "URL",
    "HOST",
    "USER_AGENT",
    "HEADER_NAME",
    "HEADER_VALUE",
    "PARAMETER_NAME",
    "PARAMETER_VALUE",
    "COOKIE_NAME",
    "COOKIE_VALUE",
    "BODY",
    "HTTP_METHOD"
  };

  private static final String[] OPERATORS = {
    "EQUALS", "CONTAINS", "CONTAINS", "MATCHES_REGEX", "NOT_EQUAL", "NOT_CONTAIN"
  };

  private static String test(Random random) {
    String target = TARGETS[random.nextInt(TARGETS.length)];
    String operator = OPERATORS[random.nextInt(OPERATORS.length)];
    String value =
        operator.contains("REGEX")
            ? REGEXES[random.nextInt(REGEXES.length)]
            : WORDS[random.nextInt(WORDS.length)];
    String name = "";
    if (target.endsWith("_VALUE") && random.nextBoolean()) {
      name =
          ", name: "
              + switch (target) {
                case "HEADER_VALUE" -> "x-k";
                case "PARAMETER_VALUE" -> "q";
                default -> "c";
              };
    }
    String ignoreCase = random.nextInt(3) == 0 ? ", ignoreCase: true" : "";
    return "{ target: "
        + target
        + ", operator: "
        + operator
        + ", value: '"
        + value.replace("'", "''")
        + "'"
        + name
        + ignoreCase
        + " }";
  }

  private static String randomSignatures(Random random, int n) {
    StringBuilder y = new StringBuilder();
    for (int i = 0; i < n; i++) {
      y.append("    - id: sig-").append(i).append("\n      when:\n");
      int conditions = 1 + random.nextInt(3);
      for (int c = 0; c < conditions; c++) {
        if (random.nextInt(4) == 0) {
          y.append("        - any:\n");
          y.append("            - ").append(test(random)).append('\n');
          y.append("            - ").append(test(random)).append('\n');
        } else {
          y.append("        - ").append(test(random)).append('\n');
        }
      }
    }
    return y.toString();
  }

  private static String word(Random random) {
    return WORDS[random.nextInt(WORDS.length)];
  }

  private static PolicyRequest randomRequest(Random random) {
    String q = URLEncoder.encode(word(random), StandardCharsets.UTF_8);
    String path = "/api/" + word(random).replace(' ', '-') + "?q=" + q + "&p=" + q;
    RequestView view =
        request(
            random.nextBoolean() ? "GET" : "Post",
            path,
            Map.of(
                "user-agent", word(random),
                "x-k", word(random),
                "cookie", "c=" + word(random) + "; d=" + word(random)),
            random.nextBoolean() ? "" : "{\"a\":\"" + word(random) + "\"}",
            "10.0.0.1");
    return new PolicyRequest(view, 0);
  }

  @Test
  void theMatchesAreExactlyThoseOfEvaluatingEverySignature() {
    Random random = new Random(20261130L);
    int compared = 0;
    int matched = 0;
    long evaluated = 0;
    for (int round = 0; round < 20; round++) {
      SignatureSet set = signatures(randomSignatures(random, 60));
      for (int i = 0; i < 100; i++) {
        PolicyRequest r = randomRequest(random);
        List<String> expected = new ArrayList<>();
        for (Signature s : set.all()) {
          if (s.matches(r)) {
            expected.add(s.id());
          }
        }
        List<String> actual = new ArrayList<>();
        set.forEachMatch(
            r,
            s -> {
              actual.add(s.id());
              return false;
            });
        assertThat(actual).as("request %s", r.view()).isEqualTo(expected);
        evaluated += Arrays.stream(set.candidates(r)).map(Long::bitCount).sum();
        compared++;
        matched += expected.size();
      }
    }
    // the generator produces both outcomes, so the comparison is not vacuous
    assertThat(compared).isEqualTo(2000);
    assertThat(matched).isGreaterThan(2000);
    // and the prefilter does spare signatures, so the comparison covers skipping
    assertThat(evaluated).isLessThan(compared * 60L * 3 / 4);
  }
}
