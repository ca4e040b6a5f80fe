package ai.traceable.tme.injector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.flipkart.zjsonpatch.JsonPatch;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PodInjectorTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final SidecarTemplate TEMPLATE =
      SidecarTemplate.load(resourcePath("sidecar.yaml"));
  private final PodInjector injector = new PodInjector(TEMPLATE);

  static Path resourcePath(String name) {
    try {
      return Path.of(PodInjectorTest.class.getResource("/injector/" + name).toURI());
    } catch (java.net.URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  static byte[] resource(String name) throws IOException {
    try (InputStream in = PodInjectorTest.class.getResourceAsStream("/injector/" + name)) {
      return in.readAllBytes();
    }
  }

  private JsonNode answer(String reviewFile) throws IOException {
    return JSON.readTree(injector.review(resource(reviewFile)));
  }

  /** The pod as the API server stores it: the review's object with the response's patch applied. */
  private static JsonNode patchedPod(String reviewFile, JsonNode answer) throws IOException {
    JsonNode pod = JSON.readTree(resource(reviewFile)).path("request").path("object");
    JsonNode patch =
        JSON.readTree(Base64.getDecoder().decode(answer.path("response").path("patch").asText()));
    return JsonPatch.apply(patch, pod);
  }

  private static JsonNode container(JsonNode pod, String name) {
    List<JsonNode> found = new ArrayList<>();
    pod.path("spec")
        .path("containers")
        .forEach(
            c -> {
              if (c.path("name").asText().equals(name)) {
                found.add(c);
              }
            });
    assertThat(found).as("containers named %s", name).hasSize(1);
    return found.get(0);
  }

  @Test
  void answersAnAdmissionReviewV1WithTheRequestUidAndABase64JsonPatch() throws IOException {
    JsonNode answer = answer("pod-annotated.json");

    assertThat(answer.path("apiVersion").asText()).isEqualTo("admission.k8s.io/v1");
    assertThat(answer.path("kind").asText()).isEqualTo("AdmissionReview");
    JsonNode response = answer.path("response");
    assertThat(response.path("uid").asText()).isEqualTo("705ab4f5-6393-11e8-b7cc-42010a800002");
    assertThat(response.path("allowed").asBoolean()).isTrue();
    assertThat(response.path("patchType").asText()).isEqualTo("JSONPatch");
    JsonNode patch = JSON.readTree(Base64.getDecoder().decode(response.path("patch").asText()));
    assertThat(patch.isArray()).isTrue();
    patch.forEach(op -> assertThat(op.path("op").asText()).isEqualTo("add"));
  }

  @Test
  void addsTheSidecarOnceBesideTheGatewayContainerOfAPodWithGenerateNameOnly() throws IOException {
    JsonNode pod = patchedPod("pod-annotated.json", answer("pod-annotated.json"));

    assertThat(pod.path("metadata").has("name")).isFalse();
    assertThat(pod.path("spec").path("containers")).hasSize(2);
    assertThat(pod.path("spec").path("containers").get(0).path("name").asText())
        .isEqualTo("istio-proxy");
    JsonNode tme = container(pod, "tme");
    assertThat(tme.path("image").asText()).isEqualTo("ghcr.io/traceableai/tme:0.1.0");
    assertThat(tme.path("ports").get(0).path("containerPort").asInt()).isEqualTo(5442);
    assertThat(tme.path("ports").get(1).path("containerPort").asInt()).isEqualTo(7626);
  }

  @Test
  void theSidecarIsProbedOnAliveAndReadyAtTheManagementPort() throws IOException {
    JsonNode tme = container(patchedPod("pod-annotated.json", answer("pod-annotated.json")), "tme");

    assertThat(tme.at("/livenessProbe/httpGet/path").asText()).isEqualTo("/alive");
    assertThat(tme.at("/livenessProbe/httpGet/port").asInt()).isEqualTo(7626);
    assertThat(tme.at("/readinessProbe/httpGet/path").asText()).isEqualTo("/ready");
    assertThat(tme.at("/readinessProbe/httpGet/port").asInt()).isEqualTo(7626);
  }

  @Test
  void theSidecarRunsLockedDownWithItsResourcesAndBlockingEnvironment() throws IOException {
    JsonNode tme = container(patchedPod("pod-annotated.json", answer("pod-annotated.json")), "tme");

    JsonNode security = tme.path("securityContext");
    assertThat(security.path("runAsNonRoot").asBoolean()).isTrue();
    assertThat(security.path("readOnlyRootFilesystem").asBoolean()).isTrue();
    assertThat(security.path("allowPrivilegeEscalation").asBoolean(true)).isFalse();
    assertThat(security.at("/capabilities/drop/0").asText()).isEqualTo("ALL");
    assertThat(tme.at("/resources/limits/memory").asText()).isEqualTo("640Mi");
    assertThat(env(tme, "TME_BLOCKING_STATUS_CODE")).isEqualTo("429");
    assertThat(env(tme, "TME_BLOCKING_MESSAGE")).isEqualTo("Request blocked");
  }

  private static String env(JsonNode container, String name) {
    for (JsonNode e : container.path("env")) {
      if (e.path("name").asText().equals(name)) {
        return e.path("value").asText();
      }
    }
    throw new AssertionError("no env " + name);
  }

  @Test
  void mergesExcludedPortsIntoExistingAnnotationsWithoutDroppingAny() throws IOException {
    JsonNode annotations =
        patchedPod("pod-annotated.json", answer("pod-annotated.json"))
            .path("metadata")
            .path("annotations");

    assertThat(annotations.path("traffic.sidecar.istio.io/excludeOutboundPorts").asText())
        .isEqualTo("15020,9091,5442");
    assertThat(annotations.path("traffic.sidecar.istio.io/excludeInboundPorts").asText())
        .isEqualTo("5442");
    assertThat(annotations.path("prometheus.io/scrape").asText()).isEqualTo("true");
    assertThat(annotations.path("tme.traceable.ai/inject").asText()).isEqualTo("true");
  }

  @Test
  void addsTheAnnotationsToAPodThatHasOnlyTheInjectAnnotation() throws IOException {
    JsonNode annotations =
        patchedPod("pod-only-inject-annotation.json", answer("pod-only-inject-annotation.json"))
            .path("metadata")
            .path("annotations");

    assertThat(annotations.path("traffic.sidecar.istio.io/excludeOutboundPorts").asText())
        .isEqualTo("5442");
    assertThat(annotations.size()).isEqualTo(3);
  }

  @ParameterizedTest
  @ValueSource(strings = {"pod-not-annotated.json", "pod-already-injected.json", "deployment.json"})
  void allowsWithoutPatchWhatIsNotAnAnnotatedPodWithoutTheSidecar(String review)
      throws IOException {
    JsonNode response = answer(review).path("response");

    assertThat(response.path("allowed").asBoolean()).isTrue();
    assertThat(response.path("uid").asText())
        .isEqualTo(JSON.readTree(resource(review)).at("/request/uid").asText());
    assertThat(response.has("patch")).isFalse();
    assertThat(response.has("patchType")).isFalse();
  }

  @Test
  void labelsTheInjectedPodSoTheEnvoyFilterCanSelectIt() throws IOException {
    JsonNode labels =
        patchedPod("pod-annotated.json", answer("pod-annotated.json"))
            .path("metadata")
            .path("labels");

    assertThat(labels.path("tme.traceable.ai/injected").asText()).isEqualTo("true");
    assertThat(labels.path("traceableai-istio").asText()).isEqualTo("enabled");
    assertThat(labels.path("app").asText()).isEqualTo("istio-ingressgateway");
  }

  @Test
  void addsTheVolumesThePullSecretAndTheGracePeriodTheSidecarNeeds() throws IOException {
    JsonNode pod = patchedPod("pod-annotated.json", answer("pod-annotated.json"));
    JsonNode spec = pod.path("spec");

    assertThat(PodPatchTest.names(spec.path("volumes"))).containsExactly("tme-tmp", "tme-rules");
    assertThat(spec.at("/volumes/1/configMap/name").asText()).isEqualTo("traceableai-istio-rules");
    assertThat(PodPatchTest.names(spec.path("imagePullSecrets")))
        .containsExactly("registry-credentials");
    assertThat(spec.path("terminationGracePeriodSeconds").asInt()).isEqualTo(45);
    assertThat(PodPatchTest.names(spec.path("volumes")))
        .containsAll(PodPatchTest.names(container(pod, "tme").path("volumeMounts")));
  }

  @Test
  void injectingTwiceLeavesOneSidecar() throws IOException {
    JsonNode once = patchedPod("pod-annotated.json", answer("pod-annotated.json"));
    var review = (ObjectNode) JSON.readTree(resource("pod-annotated.json"));
    ((ObjectNode) review.path("request")).set("object", once);

    JsonNode again =
        JSON.readTree(injector.review(JSON.writeValueAsBytes(review))).path("response");

    assertThat(again.has("patch")).isFalse();
    assertThat(PodPatch.of(once, TEMPLATE)).as("a patch of the patched pod").isEmpty();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "not json",
        "[]",
        "{\"apiVersion\": \"admission.k8s.io/v1beta1\", \"kind\": \"AdmissionReview\", \"request\": {\"uid\": \"x\"}}",
        "{\"apiVersion\": \"admission.k8s.io/v1\", \"kind\": \"AdmissionReview\"}",
        "{\"apiVersion\": \"admission.k8s.io/v1\", \"kind\": \"AdmissionReview\", \"request\": {\"kind\": {\"kind\": \"Pod\"}}}",
        "{\"apiVersion\": \"admission.k8s.io/v1\", \"kind\": \"AdmissionReview\", \"request\": {\"uid\": \"x\", \"kind\": {\"group\": \"\", \"kind\": \"Pod\"}}}"
      })
  void rejectsWhatIsNotAnAdmissionReviewV1WithAReason(String body) {
    assertThatThrownBy(() -> injector.review(body.getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(MalformedReviewException.class)
        .hasMessageNotContaining("Exception");
  }

  @Test
  void aTemplateWithoutAContainerIsRefusedNamingTheProblem() {
    assertThatThrownBy(() -> SidecarTemplate.fromTree(JSON.readTree("{\"annotations\": {}}")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'container'");
    assertThatThrownBy(
            () -> SidecarTemplate.fromTree(JSON.readTree("{\"container\": {\"name\": \"tme\"}}")))
        .hasMessageContaining("no image");
  }
}
