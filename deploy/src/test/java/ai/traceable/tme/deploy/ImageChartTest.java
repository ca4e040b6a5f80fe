package ai.traceable.tme.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The chart runs the image this repository builds, through the image's launcher: the default
 * reference is the root pom's, containers keep the image's entrypoint, and the launcher gets its
 * CPU count and extra JVM flags from the environment.
 */
class ImageChartTest {

  /** A property of the root pom.xml; fails naming it when the pom lacks it. */
  static String rootPomProperty(String name) throws IOException {
    String pom = Files.readString(Helm.REPO_ROOT.resolve("pom.xml"));
    Matcher value =
        Pattern.compile("<" + Pattern.quote(name) + ">\\s*([^<\\s]+)\\s*</").matcher(pom);
    if (!value.find()) {
      throw new AssertionError(
          "the root pom.xml has no property <" + name + ">: the image build must name the image");
    }
    return value.group(1);
  }

  private static Deployment injectorDeployment(Rendered rendered) {
    return (Deployment) KubernetesModel.read(rendered.one("Deployment"));
  }

  private static Optional<EnvVar> env(Container container, String name) {
    return container.getEnv().stream().filter(e -> e.getName().equals(name)).findFirst();
  }

  @Test
  void theDefaultImageIsTheOneTheBuildProduces() throws IOException {
    String reference =
        rootPomProperty("tme.image.repository") + ":" + rootPomProperty("tme.image.tag");
    Rendered rendered = Helm.render();
    String appVersion =
        Helm.readYaml(Files.readString(Helm.CHART.resolve("Chart.yaml")))
            .path("appVersion")
            .asText();

    assertThat(appVersion).isEqualTo(rootPomProperty("tme.image.tag"));
    assertThat(InjectorTemplate.of(rendered).container().getImage()).isEqualTo(reference);
    assertThat(injectorDeployment(rendered).getSpec().getTemplate().getSpec().getContainers())
        .singleElement()
        .satisfies(c -> assertThat(c.getImage()).isEqualTo(reference));
  }

  @Test
  void containersKeepTheImagesLauncherAsEntrypoint() {
    Rendered rendered = Helm.render("ci/sidecar-only-values.yaml");
    Container sidecar =
        rendered.sidecarPatch().getSpec().getTemplate().getSpec().getContainers().get(0);
    Container injector =
        injectorDeployment(Helm.render()).getSpec().getTemplate().getSpec().getContainers().get(0);

    assertThat(sidecar.getCommand()).isEmpty();
    assertThat(sidecar.getArgs()).isEmpty();
    assertThat(injector.getCommand()).isEmpty();
    assertThat(injector.getArgs()).containsExactly("injector");
  }

  @Test
  void theLauncherGetsTheCpuLimitFromTheDownwardApiAndExtraFlagsFromValues() {
    Rendered rendered =
        Helm.render(
            Helm.CHART,
            List.of(),
            List.of(
                "sidecar.javaOpts=-XX:MaxRAMPercentage=60",
                "injector.javaOpts=-XX:+PrintFlagsFinal"));
    Container sidecar = InjectorTemplate.of(rendered).container();
    Container injector =
        injectorDeployment(rendered).getSpec().getTemplate().getSpec().getContainers().get(0);

    for (Container container : List.of(sidecar, injector)) {
      var cpu = env(container, "TME_CPU_LIMIT").orElseThrow().getValueFrom().getResourceFieldRef();
      assertThat(cpu.getResource()).isEqualTo("limits.cpu");
      assertThat(cpu.getDivisor()).isEqualTo(new Quantity("1"));
      assertThat(container.getEnv())
          .extracting(EnvVar::getName)
          .doesNotContain("JAVA_TOOL_OPTIONS");
    }
    assertThat(env(sidecar, "TME_JAVA_OPTS").orElseThrow().getValue())
        .isEqualTo("-XX:MaxRAMPercentage=60");
    assertThat(env(injector, "TME_JAVA_OPTS").orElseThrow().getValue())
        .isEqualTo("-XX:+PrintFlagsFinal");
  }

  @Test
  void bothContainersWriteOnlyToAnEmptyDirAtTmpOverAReadOnlyRoot() {
    Rendered rendered = Helm.render();
    InjectorTemplate template = InjectorTemplate.of(rendered);
    PodSpec injectorPod = injectorDeployment(rendered).getSpec().getTemplate().getSpec();

    assertTmpIsAnEmptyDir(template.container(), template.pod().getSpec().getVolumes());
    assertTmpIsAnEmptyDir(injectorPod.getContainers().get(0), injectorPod.getVolumes());
  }

  private static void assertTmpIsAnEmptyDir(Container container, List<Volume> volumes) {
    assertThat(container.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
    var tmp =
        container.getVolumeMounts().stream()
            .filter(m -> m.getMountPath().equals("/tmp"))
            .findFirst()
            .orElseThrow(() -> new AssertionError(container.getName() + " mounts nothing at /tmp"));
    assertThat(volumes)
        .filteredOn(v -> v.getName().equals(tmp.getName()))
        .singleElement()
        .satisfies(v -> assertThat(v.getEmptyDir()).isNotNull());
  }

  @Test
  void imagePullSecretsReachTheInjectorTheInjectedPodAndThePatch() {
    List<String> sets =
        List.of(
            "imagePullSecrets[0].name=registry",
            "imagePullSecrets[1].name=mirror",
            "sidecarPatch.enabled=true");
    Rendered rendered = Helm.render(Helm.CHART, List.of(), sets);
    var patch = rendered.sidecarPatch();

    for (PodSpec pod :
        List.of(
            injectorDeployment(rendered).getSpec().getTemplate().getSpec(),
            InjectorTemplate.of(rendered).pod().getSpec(),
            patch.getSpec().getTemplate().getSpec())) {
      assertThat(pod.getImagePullSecrets())
          .extracting(s -> s.getName())
          .containsExactly("registry", "mirror");
    }
  }
}
