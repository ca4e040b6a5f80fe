package ai.traceable.tme.deploy.image;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The image as written to {@code tme/target/tme-image.tar}, read with plain Java: an OCI image
 * layout whose configuration runs the launcher as 10001:10001 with a UTF-8 locale, carries the OCI
 * labels, and holds the launcher from {@code deploy/image/root}.
 */
class ImageConfigTest {
  private static OciArchive image;

  @BeforeEach
  void readImage() {
    ImageTar.assumeAvailable(ImageTar.missing());
    if (image == null) {
      image = OciArchive.read(ImageTar.TAR);
    }
  }

  @Test
  void isAnOciImageLayoutNamedAfterTheRootPom() {
    assertThat(image.json("oci-layout").path("imageLayoutVersion").asText()).isEqualTo("1.0.0");
    JsonNode index = image.index();
    assertThat(index.path("mediaType").asText())
        .isEqualTo("application/vnd.oci.image.index.v1+json");
    assertThat(index.path("manifests")).hasSize(1);
    assertThat(
            index
                .path("manifests")
                .path(0)
                .path("annotations")
                .path("org.opencontainers.image.ref.name")
                .asText())
        .isEqualTo(ImageTar.reference());
    JsonNode manifest = image.manifest();
    assertThat(manifest.path("mediaType").asText())
        .isEqualTo("application/vnd.oci.image.manifest.v1+json");
    assertThat(manifest.path("layers"))
        .allSatisfy(
            layer ->
                assertThat(layer.path("mediaType").asText())
                    .isEqualTo("application/vnd.oci.image.layer.v1.tar+gzip"));
  }

  @Test
  void runsTheLauncherAsNumericNonRootUser() {
    JsonNode config = image.config().path("config");
    assertThat(config.path("User").asText()).isEqualTo("10001:10001");
    assertThat(texts(config.path("Entrypoint"))).containsExactly("/usr/local/bin/tme");
    assertThat(config.path("Cmd").isMissingNode() || config.path("Cmd").isNull())
        .as("no Cmd: `tme` alone serves, the chart passes args only for the injector")
        .isTrue();
    assertThat(image.config().path("os").asText()).isEqualTo("linux");
  }

  @Test
  void setsAUtf8LocaleAndNoJvmOptionVariables() {
    List<String> env = texts(image.config().path("config").path("Env"));
    assertThat(env).contains("LANG=C.UTF-8");
    assertThat(env)
        .noneMatch(
            e ->
                e.startsWith("JAVA_TOOL_OPTIONS=")
                    || e.startsWith("JDK_JAVA_OPTIONS=")
                    || e.startsWith("_JAVA_OPTIONS="));
  }

  @Test
  void labelsNameVersionSourceRevisionAndLicense() {
    JsonNode labels = image.config().path("config").path("Labels");
    assertThat(labels.path("org.opencontainers.image.title").asText()).isEqualTo("tme");
    assertThat(labels.path("org.opencontainers.image.version").asText())
        .isEqualTo(ImageTar.property("tme.image.tag"));
    assertThat(labels.path("org.opencontainers.image.source").asText())
        .isEqualTo(ImageTar.property("tme.image.source"));
    assertThat(labels.path("org.opencontainers.image.revision").asText()).isNotBlank();
    assertThat(labels.path("org.opencontainers.image.licenses").asText()).isNotBlank();
  }

  @Test
  void exposesTheGrpcAndManagementPorts() {
    JsonNode ports = image.config().path("config").path("ExposedPorts");
    assertThat(ports.has("5442/tcp")).isTrue();
    assertThat(ports.has("7626/tcp")).isTrue();
  }

  @Test
  void holdsTheLauncherFromTheRepositoryExecutableAndOwnedByRoot() throws IOException {
    Map<String, OciArchive.LayerFile> files =
        image.findInLayers(Set.of("usr/local/bin/tme", "opt/tme/jib-classpath-file"));
    OciArchive.LayerFile launcher = files.get("usr/local/bin/tme");
    assertThat(launcher).as("usr/local/bin/tme in a layer").isNotNull();
    assertThat(launcher.entry().mode() & 07777).isEqualTo(0755);
    assertThat(launcher.entry().uid()).isZero();
    assertThat(launcher.content())
        .as("the image's launcher is deploy/image/root/usr/local/bin/tme (else rebuild the image)")
        .isEqualTo(Files.readAllBytes(ImageTar.LAUNCHER));
    OciArchive.LayerFile classPath = files.get("opt/tme/jib-classpath-file");
    assertThat(classPath).as("the class path file the launcher passes to java").isNotNull();
    assertThat(new String(classPath.content(), StandardCharsets.UTF_8))
        .contains("/opt/tme/classes", "/opt/tme/libs/");
  }

  private static List<String> texts(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(node -> out.add(node.asText()));
    return out;
  }
}
