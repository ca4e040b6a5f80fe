package ai.traceable.tme.engine.policy.limits;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PathTemplateTest {

  @ParameterizedTest(name = "{0} ~ {1} -> {2}")
  @CsvSource(
      nullValues = "null",
      textBlock =
          """
          /api/users/{id},        /api/users/42,          42
          /api/users/{id},        /api/users/42/,         null
          /api/users/{id},        /api/users/,            null
          /api/users/{id},        /api/users,             null
          /api/users/{id},        /api/users/4/orders,    null
          /api/users/{id}/orders, /api/users/4/orders,    4
          /api/*/{id},            /api/items/7,           7
          /api/{id}/**,           /api/9,                 9
          /api/{id}/**,           /api/9/a/b/c,           9
          /api/{id},              /other/9,               null
          """)
  void templateMatchesWholeSegmentsAndCapturesTheParameter(
      String template, String path, String id) {
    PathTemplate t = PathTemplate.compile(template, "test");
    assertThat(t.parameter(path, "id")).isEqualTo(id);
    assertThat(t.matches(path)).isEqualTo(id != null);
  }
}
