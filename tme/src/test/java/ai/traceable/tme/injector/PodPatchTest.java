package ai.traceable.tme.injector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.flipkart.zjsonpatch.JsonPatch;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PodPatchTest {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final SidecarTemplate TEMPLATE =
      template(
          """
          container: {name: tme, image: tme:1}
          annotations:
            traffic.sidecar.istio.io/excludeInboundPorts: "5442"
          overrideAnnotations:
            prometheus.io/port: "7626"
          labels:
            tme.traceable.ai/injected: "true"
          volumes:
            - {name: tme-tmp, emptyDir: {}}
            - {name: tme-rules, configMap: {name: rules}}
          imagePullSecrets:
            - {name: one}
            - {name: two}
          terminationGracePeriodSeconds: 40
          """);

  private static SidecarTemplate template(String yaml) {
    try {
      return SidecarTemplate.fromTree(YAML.readTree(yaml));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static JsonNode pod(String yaml) throws IOException {
    return YAML.readTree(yaml);
  }

  /** The {@code name} of each element of a JSON array, in order. */
  static List<String> names(JsonNode array) {
    List<String> names = new ArrayList<>();
    array.forEach(item -> names.add(item.path("name").asText()));
    return names;
  }

  private static JsonNode injected(JsonNode pod) {
    return JsonPatch.apply(PodPatch.of(pod, TEMPLATE), pod);
  }

  @Test
  void addsEveryPartToAPodThatHasNoneOfThem() throws IOException {
    JsonNode pod = injected(pod("{metadata: {name: p}, spec: {containers: [{name: app}]}}"));

    assertThat(names(pod.at("/spec/containers"))).containsExactly("app", "tme");
    assertThat(names(pod.at("/spec/volumes"))).containsExactly("tme-tmp", "tme-rules");
    assertThat(names(pod.at("/spec/imagePullSecrets"))).containsExactly("one", "two");
    assertThat(pod.at("/spec/terminationGracePeriodSeconds").asInt()).isEqualTo(40);
    assertThat(pod.at("/metadata/labels/tme.traceable.ai~1injected").asText()).isEqualTo("true");
    assertThat(pod.at("/metadata/annotations/prometheus.io~1port").asText()).isEqualTo("7626");
    assertThat(
            pod.at("/metadata/annotations/traffic.sidecar.istio.io~1excludeInboundPorts").asText())
        .isEqualTo("5442");
  }

  @Test
  void keepsThePodsOwnEntriesAndAddsOnlyTheNamesItLacks() throws IOException {
    JsonNode pod =
        injected(
            pod(
                """
                metadata:
                  labels: {app: gw, tme.traceable.ai/injected: "false"}
                  annotations: {prometheus.io/port: "15020", prometheus.io/scrape: "true"}
                spec:
                  containers: [{name: app}]
                  volumes: [{name: config, configMap: {name: c}}, {name: tme-tmp, emptyDir: {medium: Memory}}]
                  imagePullSecrets: [{name: two}, {name: mine}]
                  terminationGracePeriodSeconds: 10
                """));

    assertThat(names(pod.at("/spec/volumes"))).containsExactly("config", "tme-tmp", "tme-rules");
    assertThat(pod.at("/spec/volumes/1/emptyDir/medium").asText()).isEqualTo("Memory");
    assertThat(names(pod.at("/spec/imagePullSecrets"))).containsExactly("two", "mine", "one");
    assertThat(pod.at("/spec/terminationGracePeriodSeconds").asInt()).isEqualTo(40);
    assertThat(pod.at("/metadata/labels/app").asText()).isEqualTo("gw");
    assertThat(pod.at("/metadata/labels/tme.traceable.ai~1injected").asText()).isEqualTo("true");
    assertThat(pod.at("/metadata/annotations/prometheus.io~1port").asText()).isEqualTo("7626");
    assertThat(pod.at("/metadata/annotations/prometheus.io~1scrape").asText()).isEqualTo("true");
  }

  @Test
  void patchingAPatchedPodChangesNothing() throws IOException {
    JsonNode once =
        injected(
            pod("{metadata: {labels: {a: b}}, spec: {containers: [{name: app}], volumes: []}}"));

    assertThat(PodPatch.of(once, TEMPLATE)).isEmpty();
  }

  @ParameterizedTest
  @CsvSource({"60, 60", "40, 40", "20, 40"})
  void raisesTheGracePeriodOnlyWhenItIsShorter(int pods, int expected) throws IOException {
    JsonNode pod =
        injected(
            pod(
                "{metadata: {}, spec: {containers: [], terminationGracePeriodSeconds: "
                    + pods
                    + "}}"));

    assertThat(pod.at("/spec/terminationGracePeriodSeconds").asInt()).isEqualTo(expected);
  }

  @Test
  void aPodWithoutAGracePeriodKeepsKubernetesDefaultWhenItIsLongEnough() throws IOException {
    SidecarTemplate shortGrace =
        template("{container: {name: tme, image: i}, terminationGracePeriodSeconds: 20}");
    JsonNode pod = pod("{metadata: {}, spec: {containers: []}}");

    assertThat(PodPatch.of(pod, shortGrace).findValuesAsText("path"))
        .containsExactly("/spec/containers/-");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{container: {name: t, image: i}, volumes: [{emptyDir: {}}]}",
        "{container: {name: t, image: i}, volumes: [{name: a}, {name: a}]}",
        "{container: {name: t, image: i}, volumes: {name: a}}",
        "{container: {name: t, image: i}, imagePullSecrets: [{}]}",
        "{container: {name: t, image: i}, labels: [a]}",
        "{container: {name: t, image: i}, terminationGracePeriodSeconds: 2.5}",
        "{container: {name: t, image: i}, terminationGracePeriodSeconds: -1}",
        "{container: {name: t, image: i}, volume: [{name: a, emptyDir: {}}]}"
      })
  void refusesATemplateWhosePodPartsAreMalformed(String yaml) {
    assertThatThrownBy(() -> SidecarTemplate.fromTree(YAML.readTree(yaml)))
        .isInstanceOf(IllegalArgumentException.class);
  }

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
