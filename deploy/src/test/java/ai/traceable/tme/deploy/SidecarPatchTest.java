package ai.traceable.tme.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The path for clusters without the webhook: a strategic-merge patch of the gateway Deployment. */
class SidecarPatchTest {
  private static final Path SHIPPED =
      Helm.REPO_ROOT.resolve("deploy/sidecar-only/tme-sidecar-patch.yaml");

  private static JsonNode renderedPatch() {
    Rendered rendered = Helm.render("ci/sidecar-only-values.yaml");
    return Helm.readYaml(rendered.one("ConfigMap").path("data").path("patch.yaml").asText());
  }

  @Test
  void withoutTheInjectorNoWebhookObjectsAreRendered() {
    Rendered rendered = Helm.render("ci/sidecar-only-values.yaml");

    assertThat(rendered.kinds()).containsExactlyInAnyOrder("ConfigMap", "EnvoyFilter");
  }

  @Test
  void thePatchAddsTheSameContainerTheInjectorWould() {
    Deployment patch = KubernetesModel.read(renderedPatch(), Deployment.class, "patch.yaml");
    Container injected = InjectorChartTest.injectedContainer(Helm.render());

    var template = patch.getSpec().getTemplate();
    assertThat(template.getSpec().getContainers()).containsExactly(injected);
    assertThat(template.getMetadata().getLabels()).containsEntry("traceableai-istio", "enabled");
    assertThat(template.getMetadata().getAnnotations())
        .containsEntry("traffic.sidecar.istio.io/excludeInboundPorts", "5442");
  }

  @Test
  void theShippedPatchFileIsTheChartsOutputForTheDefaults() throws IOException {
    assertThat(Helm.readYaml(Files.readString(SHIPPED)))
        .as("%s is stale: regenerate it from the chart (see its header)", SHIPPED)
        .isEqualTo(renderedPatch());
  }
}
