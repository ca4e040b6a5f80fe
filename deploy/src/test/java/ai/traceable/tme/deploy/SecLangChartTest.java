package ai.traceable.tme.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** SecLang rule files reach the sidecar as mounted volumes and the variables tme reads. */
class SecLangChartTest {
  private static final String CI = "ci/seclang-values.yaml";

  private static Map<String, String> env(Container container) {
    return container.getEnv().stream()
        .collect(Collectors.toMap(EnvVar::getName, e -> String.valueOf(e.getValue())));
  }

  private static Volume volume(InjectorTemplate template, String name) {
    return template.pod().getSpec().getVolumes().stream()
        .filter(v -> v.getName().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no volume " + name));
  }

  @Test
  void eachVolumeIsMountedReadOnlyUnderEtcTmeSeclangAndTheFilesAreListedInOrder() {
    InjectorTemplate template = InjectorTemplate.of(Helm.render(CI));
    Container tme = template.container();
    Map<String, VolumeMount> mounts =
        tme.getVolumeMounts().stream()
            .filter(m -> m.getMountPath().startsWith("/etc/tme/seclang/"))
            .collect(Collectors.toMap(VolumeMount::getMountPath, m -> m));

    assertThat(mounts).containsOnlyKeys("/etc/tme/seclang/engine", "/etc/tme/seclang/crs");
    for (VolumeMount m : mounts.values()) {
      assertThat(m.getReadOnly()).isTrue();
      assertThat(m.getSubPath()).as("a subPath mount never sees updates").isNull();
    }
    assertThat(
            volume(template, mounts.get("/etc/tme/seclang/crs").getName()).getConfigMap().getName())
        .isEqualTo("owasp-crs-v4");
    assertThat(
            volume(template, mounts.get("/etc/tme/seclang/engine").getName())
                .getConfigMap()
                .getName())
        .isEqualTo("tme-seclang-engine");
    assertThat(env(tme))
        .containsEntry(
            "TME_SECLANG_RULES",
            "/etc/tme/seclang/engine/engine.conf,/etc/tme/seclang/engine/crs-setup.conf,"
                + "/etc/tme/seclang/crs/*.conf")
        .containsEntry("TME_SECLANG_PROFILE", "all");
  }

  @Test
  void byDefaultSeclangIsOffAndNothingIsMounted() {
    InjectorTemplate template = InjectorTemplate.of(Helm.render());
    Container tme = template.container();

    assertThat(env(tme)).doesNotContainKeys("TME_SECLANG_RULES", "TME_SECLANG_PROFILE");
    assertThat(tme.getVolumeMounts())
        .noneMatch(m -> m.getMountPath().startsWith("/etc/tme/seclang"));
    assertThat(template.pod().getSpec().getVolumes())
        .noneMatch(v -> v.getName().startsWith("tme-seclang-"));
  }

  @Test
  void anUnknownProfileOrACommaInAFileNameIsRefusedByTheSchema() {
    var profile = Helm.template(Helm.CHART, List.of(CI), List.of("seclang.profile=some"));
    assertThat(profile.exitCode()).isNotZero();
    assertThat(profile.stderr()).contains("seclang.profile");
    var comma = Helm.template(Helm.CHART, List.of(), List.of("seclang.rules[0]=a.conf\\,b.conf"));
    assertThat(comma.exitCode()).isNotZero();
  }
}
