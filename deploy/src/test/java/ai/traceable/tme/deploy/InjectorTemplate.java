package ai.traceable.tme.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.Iterator;
import java.util.Set;

/**
 * The injector's template ({@code sidecar.yaml} in the template ConfigMap) read as the pod parts it
 * adds: its container, volumes, image pull secrets, labels, annotations and grace period become one
 * fabric8 {@link Pod}, read strictly, so a misspelled field anywhere in them fails. Top-level keys
 * are checked against those the injector reads.
 */
record InjectorTemplate(JsonNode yaml, Pod pod) {
  private static final Set<String> KEYS =
      Set.of(
          "container",
          "annotations",
          "overrideAnnotations",
          "labels",
          "volumes",
          "imagePullSecrets",
          "terminationGracePeriodSeconds");

  /** The template of a rendering with the injector on. */
  static InjectorTemplate of(Rendered rendered) {
    for (JsonNode configMap : rendered.ofKind("ConfigMap")) {
      if (configMap.path("data").has("sidecar.yaml")) {
        return parse(configMap.path("data").path("sidecar.yaml").asText());
      }
    }
    throw new AssertionError("no ConfigMap with sidecar.yaml");
  }

  static InjectorTemplate parse(String text) {
    JsonNode yaml = Helm.readYaml(text);
    for (Iterator<String> keys = yaml.fieldNames(); keys.hasNext(); ) {
      String key = keys.next();
      if (!KEYS.contains(key)) {
        throw new AssertionError("sidecar.yaml has a key the injector does not read: " + key);
      }
    }
    JsonNodeFactory nodes = JsonNodeFactory.instance;
    ObjectNode metadata = nodes.objectNode();
    ObjectNode annotations = nodes.objectNode();
    for (String key : new String[] {"annotations", "overrideAnnotations"}) {
      if (yaml.path(key).isObject()) {
        annotations.setAll((ObjectNode) yaml.path(key).deepCopy());
      }
    }
    metadata.set("annotations", annotations);
    if (yaml.has("labels")) {
      metadata.set("labels", yaml.get("labels"));
    }
    ObjectNode spec = nodes.objectNode();
    spec.set("containers", nodes.arrayNode().add(yaml.path("container")));
    for (String key :
        new String[] {"volumes", "imagePullSecrets", "terminationGracePeriodSeconds"}) {
      if (yaml.has(key)) {
        spec.set(key, yaml.get(key));
      }
    }
    ObjectNode pod = nodes.objectNode();
    pod.put("apiVersion", "v1");
    pod.put("kind", "Pod");
    pod.set("metadata", metadata);
    pod.set("spec", spec);
    requireStringValues(yaml.path("annotations"), "annotations");
    requireStringValues(yaml.path("overrideAnnotations"), "overrideAnnotations");
    requireStringValues(yaml.path("labels"), "labels");
    return new InjectorTemplate(yaml, KubernetesModel.read(pod, Pod.class, "sidecar.yaml"));
  }

  private static void requireStringValues(JsonNode map, String what) {
    map.forEach(
        v -> {
          if (!v.isTextual()) {
            throw new AssertionError("sidecar.yaml " + what + " values must be strings: " + v);
          }
        });
  }

  Container container() {
    return pod.getSpec().getContainers().get(0);
  }
}
