package ai.traceable.tme.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The checks in this module fail on the mistakes they exist for. */
class TypoDetectionTest {
  @TempDir Path temp;

  /** A copy of the chart with one template edited. */
  private Path chartWith(String template, String from, String to) throws IOException {
    Path copy = temp.resolve("traceableai-istio");
    try (Stream<Path> files = Files.walk(Helm.CHART)) {
      for (Path source : files.toList()) {
        Path target = copy.resolve(Helm.CHART.relativize(source).toString());
        if (Files.isDirectory(source)) {
          Files.createDirectories(target);
        } else {
          Files.copy(source, target);
        }
      }
    }
    Path file = copy.resolve("templates").resolve(template);
    String text = Files.readString(file);
    assertThat(text).contains(from);
    Files.writeString(file, text.replace(from, to));
    return copy;
  }

  @Test
  void aMisspelledExtAuthzFieldInTheChartFailsValidation() throws IOException {
    Path broken = chartWith("envoyfilter.yaml", "failure_mode_allow:", "failure_mode_alow:");
    Rendered rendered = Helm.render(broken, List.of(), List.of());

    assertThatThrownBy(() -> ChartValidator.validate(rendered))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("failure_mode_alow");
  }

  @Test
  void aMisspelledClusterFieldInTheChartFailsValidation() throws IOException {
    Path broken =
        chartWith("envoyfilter.yaml", "http2_protocol_options:", "http2_protocol_option:");
    Rendered rendered = Helm.render(broken, List.of(), List.of());

    assertThatThrownBy(() -> ChartValidator.validate(rendered))
        .hasMessageContaining("http2_protocol_option");
  }

  @Test
  void anUnknownTypeUrlFails() {
    JsonNode filter =
        Helm.readYaml(
            """
            name: envoy.filters.http.ext_authz
            typed_config:
              "@type": type.googleapis.com/envoy.extensions.filters.http.ext_authz.v3.ExtAuth
              transport_api_version: V3
            """);

    assertThatThrownBy(() -> EnvoyConfig.httpFilter(filter)).hasMessageContaining("ExtAuth");
  }

  @Test
  void aWrongEnumValueFails() {
    JsonNode filter =
        Helm.readYaml(
            """
            name: envoy.filters.http.ext_authz
            typed_config:
              "@type": type.googleapis.com/envoy.extensions.filters.http.ext_authz.v3.ExtAuthz
              transport_api_version: V4
            """);

    assertThatThrownBy(() -> EnvoyConfig.httpFilter(filter)).isInstanceOf(AssertionError.class);
  }

  @Test
  void aStatusCodeEnvoyDoesNotDefineFails() {
    JsonNode filter =
        Helm.readYaml(
            """
            name: envoy.filters.http.ext_authz
            typed_config:
              "@type": type.googleapis.com/envoy.extensions.filters.http.ext_authz.v3.ExtAuthz
              transport_api_version: V3
              status_on_error: {code: 499}
            """);

    assertThatThrownBy(() -> EnvoyConfig.extAuthz(EnvoyConfig.httpFilter(filter)))
        .hasMessageContaining("499")
        .hasMessageContaining("envoy.type.v3.StatusCode");
  }

  @Test
  void aMisspelledIstioFieldFails() {
    ObjectNode filter = (ObjectNode) Helm.render().one("EnvoyFilter").deepCopy();
    ObjectNode spec = (ObjectNode) filter.get("spec");
    spec.set("workloadSelecter", spec.remove("workloadSelector"));

    assertThatThrownBy(() -> ChartValidator.validate(filter))
        .hasMessageContaining("workloadSelecter");
  }

  @Test
  void aMisspelledKubernetesFieldFailsEvenWhereFabric8KeepsUnknownFields() {
    ObjectNode deployment = (ObjectNode) Helm.render().one("Deployment").deepCopy();
    ObjectNode container = (ObjectNode) deployment.at("/spec/template/spec/containers/0");
    container.set("readinesProbe", container.remove("readinessProbe"));

    assertThatThrownBy(() -> ChartValidator.validate(deployment))
        .hasMessageContaining("readinesProbe");
  }

  @Test
  void aMisspelledFieldInTheInjectedContainerTemplateFails() throws IOException {
    Path broken = chartWith("_helpers.tpl", "imagePullPolicy:", "imagePullPolicey:");
    Rendered rendered = Helm.render(broken, List.of(), List.of());

    assertThatThrownBy(() -> ChartValidator.validate(rendered))
        .hasMessageContaining("imagePullPolicey");
  }
}
