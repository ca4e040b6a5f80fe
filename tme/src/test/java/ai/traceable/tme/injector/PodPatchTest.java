package ai.traceable.tme.injector;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PodPatchTest {

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "''            | 5442      | 5442",
        "15020         | 5442      | 15020,5442",
        "' 15020, 80 ' | 5442      | 15020,80,5442",
        "5442,15020    | 5442      | 5442,15020",
        "15020         | 5442,7626 | 15020,5442,7626",
        "15020,,       | ''        | 15020"
      })
  void mergesCommaSeparatedListsKeepingExistingEntriesFirstWithoutDuplicates(
      String existing, String added, String merged) {
    assertThat(PodPatch.mergeLists(existing, added)).isEqualTo(merged);
  }

  @ParameterizedTest
  @CsvSource({
    "traffic.sidecar.istio.io/excludeInboundPorts, traffic.sidecar.istio.io~1excludeInboundPorts",
    "a~b/c, a~0b~1c",
    "plain, plain"
  })
  void escapesAnnotationKeysAsJsonPointerTokens(String key, String token) {
    assertThat(PodPatch.escape(key)).isEqualTo(token);
  }
}
