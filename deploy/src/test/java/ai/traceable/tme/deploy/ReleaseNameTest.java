package ai.traceable.tme.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code helm install traceableai-istio deploy/charts/traceableai-istio}, as the docs write it,
 * names everything after the release once; other release names get the chart name appended, as Helm
 * charts usually do.
 */
class ReleaseNameTest {

  private static List<String> names(Rendered rendered) {
    return rendered.objects().stream().map(o -> o.at("/metadata/name").asText()).toList();
  }

  @ParameterizedTest(name = "release {0}")
  @CsvSource({
    "traceableai-istio, traceableai-istio",
    "tme, tme-traceableai-istio",
    "edge-traceableai-istio, edge-traceableai-istio"
  })
  void namesEveryObjectAfterTheReleaseWithTheChartNameOnce(String release, String prefix) {
    Rendered rendered =
        Helm.renderRelease(
            release,
            "metrics.serviceMonitor.enabled=true",
            "grafanaDashboard.enabled=true",
            "rules.inline=version: v1",
            "sidecarPatch.enabled=true");

    assertThat(rendered.one("EnvoyFilter").at("/metadata/name").asText())
        .isEqualTo("traceableai-istio");
    assertThat(rendered.one("Deployment").at("/metadata/name").asText())
        .isEqualTo(prefix + "-injector");
    assertThat(names(rendered))
        .allSatisfy(
            name -> {
              assertThat(name)
                  .hasSizeLessThanOrEqualTo(63)
                  .matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
              assertThat(name)
                  .satisfiesAnyOf(
                      n -> assertThat(n).isIn("traceableai-istio", prefix),
                      n -> assertThat(n).startsWith(prefix + "-"));
              assertThat(name).doesNotContain("traceableai-istio-traceableai-istio");
            });
    for (JsonNode labelled : rendered.objects()) {
      assertThat(labelled.at("/metadata/labels/app.kubernetes.io~1name").asText())
          .isEqualTo("traceableai-istio");
    }
  }
}
