package ai.traceable.tme.engine.detect.graphql;

import static org.assertj.core.api.Assertions.assertThat;

import ai.traceable.tme.engine.Finding;
import ai.traceable.tme.engine.detect.AttackClass;
import ai.traceable.tme.engine.detect.DetectionSettings;
import ai.traceable.tme.engine.detect.DetectionStage;
import ai.traceable.tme.engine.detect.Detector;
import ai.traceable.tme.engine.detect.RequestTableTest;
import ai.traceable.tme.engine.detect.RuleMode;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.provider.Arguments;

/** Rows run with the class enabled, as a rules file opting in would. */
class GraphqlDetectorTest extends RequestTableTest {
  private static final GraphqlDetector DETECTOR = new GraphqlDetector();

  @Override
  protected Detector detector() {
    return DETECTOR;
  }

  @Override
  protected DetectionSettings settings() {
    return ENABLED;
  }

  private static final DetectionSettings ENABLED =
      new DetectionSettings(
          true,
          5,
          1,
          Map.of(AttackClass.GRAPHQL, RuleMode.BLOCK),
          Map.of(),
          List.of(),
          DetectionSettings.DEFAULTS.limits());

  private static String op(String query) {
    return "{\"query\":\"" + query.replace("\"", "\\\"") + "\"}";
  }

  static Stream<Arguments> attacks() {
    return Stream.of(
        a(post("/graphql", op("{__schema{types{name fields{name}}}}")), "graphql-100"),
        a(post("/graphql", op("query { a: __type (name: \"User\") { name } }")), "graphql-100"),
        a(get("/graphql?query=%7B__schema%7BqueryType%7Bname%7D%7D%7D"), "graphql-100"),
        a(
            post(
                "/graphql",
                "{ __schema { directives { name } } }",
                "content-type",
                "application/graphql"),
            "graphql-100"),
        a(
            post("/graphql", op("{ u {" + " f {".repeat(9) + " id" + " }".repeat(10) + " }")),
            "graphql-110"),
        a(post("/graphql", op("mutation {" + aliases(12) + "}")), "graphql-120"),
        a(post("/graphql", op("{ me {" + " email".repeat(25) + " } }")), "graphql-120"),
        a(
            post("/graphql", op("{ me { name" + " @include(if: true)".repeat(12) + " } }")),
            "graphql-130"),
        a(
            post(
                "/graphql",
                op("query { ...A } fragment A on Query { ...B } fragment B on Query { ...A }")),
            "graphql-140"),
        a(post("/graphql", op("{ products(first: 1000000) { id } }")), "graphql-150"),
        a(
            post(
                "/graphql",
                "[" + (op("{ me { id } }") + ",").repeat(11) + op("{ me { id } }") + "]"),
            "graphql-160"),
        a(
            get("/graphql?query=mutation%7BchangeEmail(email:%22x%40a.example%22)%7Bok%7D%7D"),
            "graphql-170"));
  }

  private static String aliases(int n) {
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < n; i++) {
      s.append(" a")
          .append(i)
          .append(": login(email: \"a@b.c\", password: \"p")
          .append(i)
          .append("\") { token }");
    }
    return s.toString();
  }

  static Stream<Arguments> benign() {
    return Stream.of(
        b(
            post(
                "/graphql",
                op("query Product($id: ID!) { product(id: $id) { id name price { amount } } }"))),
        b(post("/graphql", op("query Me { me { id name __typename } }"))),
        b(
            post(
                "/graphql",
                op(
                    "fragment U on User { id name } query Team { team(id: 3) { members { ...U } } }"))),
        b(post("/graphql", op("query { a: product(id: 1) { name } b: product(id: 2) { name } }"))),
        b(post("/graphql", op("query Schema { schemaVersion }"))),
        b(
            post(
                "/graphql",
                op(
                    "query R($id: ID!) { product(id: $id) { reviews(first: 10) @include(if: true) { body } } }"))),
        b(post("/graphql", op("{ orders(sort: DESC, status: OPEN, region: EU) { id } }"))),
        b(
            post(
                "/graphql",
                "[" + op("query A { me { id } }") + "," + op("query B { cart { id } }") + "]")),
        b(get("/graphql?query=%7Bme%7Bid%7D%7D")),
        b(get("/search?q=__schema+documentation")));
  }

  @Test
  void theClassIsOptIn() {
    DetectionStage defaults = new DetectionStage(List.of(DETECTOR), DetectionSettings.DEFAULTS, 0);
    var intro = post("/graphql", op("{__schema{types{name}}}")).view();
    assertThat(defaults.inspect(intro, true).findings()).isEmpty();
    DetectionStage enabled = new DetectionStage(List.of(DETECTOR), ENABLED, 0);
    assertThat(enabled.inspect(intro, true).findings())
        .extracting(Finding::ruleId)
        .contains("graphql-100");
  }
}
