package ai.traceable.tme.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Rules and capture settings reach the sidecar as the files and variables tme reads. */
class RulesAndCaptureChartTest {
  private static final String CI = "ci/rules-and-capture-values.yaml";

  private static Map<String, EnvVar> env(Container container) {
    return container.getEnv().stream().collect(Collectors.toMap(EnvVar::getName, e -> e));
  }

  private static Optional<VolumeMount> mountAt(Container container, String path) {
    return container.getVolumeMounts().stream()
        .filter(m -> m.getMountPath().equals(path))
        .findFirst();
  }

  private static Volume volume(InjectorTemplate template, String name) {
    return template.pod().getSpec().getVolumes().stream()
        .filter(v -> v.getName().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no volume " + name));
  }

  @Test
  void inlineRulesBecomeAConfigMapInTheGatewayNamespaceMountedWhereTmeReadsThem() {
    Rendered rendered = Helm.render(CI);
    InjectorTemplate template = InjectorTemplate.of(rendered);
    Container tme = template.container();
    ConfigMap rules =
        rendered.ofKind("ConfigMap").stream()
            .map(c -> (ConfigMap) KubernetesModel.read(c))
            .filter(c -> c.getData().containsKey("rules.yaml"))
            .findFirst()
            .orElseThrow();
    VolumeMount mount = mountAt(tme, "/etc/tme/rules").orElseThrow();
    Volume volume = volume(template, mount.getName());

    assertThat(rules.getMetadata().getNamespace()).isEqualTo("istio-system");
    assertThat(Helm.readYaml(rules.getData().get("rules.yaml")).path("version").asText())
        .isEqualTo("ci-1");
    assertThat(mount.getReadOnly()).isTrue();
    assertThat(mount.getSubPath()).as("a subPath mount never sees updates").isNull();
    assertThat(volume.getConfigMap().getName()).isEqualTo(rules.getMetadata().getName());
    assertThat(volume.getConfigMap().getItems())
        .singleElement()
        .satisfies(
            item -> {
              assertThat(item.getKey()).isEqualTo("rules.yaml");
              assertThat(item.getPath()).isEqualTo("rules.yaml");
            });
    assertThat(env(tme).get("TME_RULES_FILE").getValue()).isEqualTo("/etc/tme/rules/rules.yaml");
    assertThat(env(tme).get("TME_RULES_RELOAD_INTERVAL").getValue()).isEqualTo("5s");
  }

  @Test
  void anExistingConfigMapsKeyIsProjectedAsRulesYaml() {
    Rendered rendered =
        Helm.render(
            Helm.CHART,
            List.of(),
            List.of(
                "rules.existingConfigMap.name=waf-rules", "rules.existingConfigMap.key=prod.yaml"));
    InjectorTemplate template = InjectorTemplate.of(rendered);
    Volume volume =
        volume(template, mountAt(template.container(), "/etc/tme/rules").orElseThrow().getName());

    assertThat(rendered.ofKind("ConfigMap")).noneMatch(c -> c.path("data").has("rules.yaml"));
    assertThat(volume.getConfigMap().getName()).isEqualTo("waf-rules");
    assertThat(volume.getConfigMap().getItems().get(0).getKey()).isEqualTo("prod.yaml");
    assertThat(volume.getConfigMap().getItems().get(0).getPath()).isEqualTo("rules.yaml");
    assertThat(env(template.container()).get("TME_RULES_FILE").getValue())
        .isEqualTo("/etc/tme/rules/rules.yaml");
  }

  @Test
  void withoutRulesTheBundledOnesAreUsedAndNothingIsMounted() {
    InjectorTemplate template = InjectorTemplate.of(Helm.render());

    assertThat(mountAt(template.container(), "/etc/tme/rules")).isEmpty();
    assertThat(env(template.container())).doesNotContainKey("TME_RULES_FILE");
  }

  @Test
  void captureGoesToTheAgentServiceByDefault() {
    Map<String, EnvVar> env = env(InjectorTemplate.of(Helm.render()).container());

    assertThat(env.get("TME_CAPTURE_ENABLED").getValue()).isEqualTo("true");
    assertThat(env.get("TME_CAPTURE_ENDPOINT").getValue())
        .isEqualTo("http://traceable-agent.traceableai.svc.cluster.local:4318/v1/traces")
        .doesNotContain("127.0.0.1", "localhost");
    assertThat(env).doesNotContainKeys("TME_CAPTURE_TLS_CA_FILE", "TME_CAPTURE_HEADERS");
  }

  @Test
  void captureTlsFilesAndHeadersComeFromSecretsMountedWhereTheVariablesPoint() {
    InjectorTemplate template = InjectorTemplate.of(Helm.render(CI));
    Map<String, EnvVar> env = env(template.container());
    VolumeMount tls = mountAt(template.container(), "/etc/tme/capture-tls").orElseThrow();

    assertThat(tls.getReadOnly()).isTrue();
    assertThat(volume(template, tls.getName()).getSecret().getSecretName())
        .isEqualTo("traceable-agent-tls");
    assertThat(env.get("TME_CAPTURE_TLS_CA_FILE").getValue())
        .isEqualTo("/etc/tme/capture-tls/ca.crt");
    assertThat(env.get("TME_CAPTURE_TLS_CERT_FILE").getValue())
        .isEqualTo("/etc/tme/capture-tls/tls.crt");
    assertThat(env.get("TME_CAPTURE_TLS_KEY_FILE").getValue())
        .isEqualTo("/etc/tme/capture-tls/tls.key");
    var headers = env.get("TME_CAPTURE_HEADERS").getValueFrom().getSecretKeyRef();
    assertThat(headers.getName()).isEqualTo("traceable-capture-headers");
    assertThat(headers.getKey()).isEqualTo("headers");
    assertThat(env.get("TME_CAPTURE_HEADERS").getValue()).isNull();
  }

  @Test
  void theSidecarOnlyPatchCarriesTheSameVolumes() {
    Rendered patch = Helm.render(Helm.CHART, List.of(CI, "ci/sidecar-only-values.yaml"), List.of());
    var spec = patch.sidecarPatch().getSpec().getTemplate().getSpec();

    assertThat(spec.getVolumes())
        .isEqualTo(InjectorTemplate.of(Helm.render(CI)).pod().getSpec().getVolumes());
  }
}
