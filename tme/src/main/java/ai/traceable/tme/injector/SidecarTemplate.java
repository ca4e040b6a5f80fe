package ai.traceable.tme.injector;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;

/**
 * What the injector adds to a pod. Loaded from the file the Helm chart renders from its values
 * (YAML or JSON); every key but {@code container} is optional:
 *
 * <pre>
 * container: {name: tme, image: ..., volumeMounts: [...], ...}  # a Kubernetes Container
 * annotations:            # comma-separated lists, merged into the pod's values
 *   traffic.sidecar.istio.io/excludeInboundPorts: "5442"
 * overrideAnnotations:    # set, replacing a value the pod has
 *   prometheus.io/port: "7626"
 * labels:                 # set, replacing a value the pod has
 *   tme.traceable.ai/injected: "true"
 * volumes: [{name: tme-tmp, emptyDir: {}}, ...]   # added unless the pod has one of that name
 * imagePullSecrets: [{name: registry}]            # added unless the pod has one of that name
 * terminationGracePeriodSeconds: 30               # the pod's is raised to at least this
 * </pre>
 *
 * Immutable: every accessor that returns JSON returns a fresh copy.
 */
public final class SidecarTemplate {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final Set<String> KEYS =
      Set.of(
          "container",
          "annotations",
          "overrideAnnotations",
          "labels",
          "volumes",
          "imagePullSecrets",
          "terminationGracePeriodSeconds");

  private final ObjectNode container;
  private final Map<String, String> annotations;
  private final Map<String, String> overrideAnnotations;
  private final Map<String, String> labels;
  private final List<ObjectNode> volumes;
  private final List<ObjectNode> imagePullSecrets;
  private final OptionalLong terminationGracePeriodSeconds;

  private SidecarTemplate(JsonNode root) {
    if (root == null || !root.path("container").isObject()) {
      throw new IllegalArgumentException("a sidecar template needs a 'container' object");
    }
    // a misspelled key would otherwise be ignored, and the pod would start without what it needs
    root.fieldNames()
        .forEachRemaining(
            key -> {
              if (!KEYS.contains(key)) {
                throw new IllegalArgumentException(
                    "unknown key '" + key + "' in the sidecar template (known: " + KEYS + ")");
              }
            });
    ObjectNode container = (ObjectNode) root.get("container");
    JsonNode name = container.get("name");
    if (name == null || !name.isTextual() || name.asText().isBlank()) {
      throw new IllegalArgumentException("the sidecar template's container has no name");
    }
    if (!container.path("image").isTextual()) {
      throw new IllegalArgumentException("the sidecar template's container has no image");
    }
    this.container = container.deepCopy();
    this.annotations = strings(root, "annotations");
    this.overrideAnnotations = strings(root, "overrideAnnotations");
    this.labels = strings(root, "labels");
    this.volumes = named(root, "volumes");
    this.imagePullSecrets = named(root, "imagePullSecrets");
    this.terminationGracePeriodSeconds = gracePeriod(root);
  }

  /**
   * Reads a template file.
   *
   * @throws IllegalArgumentException naming the file when it cannot be read or is invalid
   */
  public static SidecarTemplate load(Path file) {
    JsonNode root;
    try {
      root = YAML.readTree(file.toFile());
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "cannot read sidecar template " + file + ": " + e.getMessage(), e);
    }
    try {
      return fromTree(root);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
    }
  }

  static SidecarTemplate fromTree(JsonNode root) {
    return new SidecarTemplate(root);
  }

  private static Map<String, String> strings(JsonNode root, String key) {
    JsonNode node = root.path(key);
    if (node.isMissingNode() || node.isNull()) {
      return Map.of();
    }
    if (!node.isObject()) {
      throw new IllegalArgumentException("'" + key + "' must map names to strings");
    }
    Map<String, String> values = new LinkedHashMap<>();
    node.properties().forEach(entry -> values.put(entry.getKey(), entry.getValue().asText()));
    return Collections.unmodifiableMap(values);
  }

  /** A list of objects each with a unique, non-blank {@code name}. */
  private static List<ObjectNode> named(JsonNode root, String key) {
    JsonNode node = root.path(key);
    if (node.isMissingNode() || node.isNull()) {
      return List.of();
    }
    if (!node.isArray()) {
      throw new IllegalArgumentException("'" + key + "' must be a list");
    }
    List<ObjectNode> items = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (JsonNode item : node) {
      String name = item.path("name").asText("");
      if (!item.isObject() || name.isBlank()) {
        throw new IllegalArgumentException("every entry of '" + key + "' needs a name");
      }
      if (!names.add(name)) {
        throw new IllegalArgumentException("'" + key + "' names " + name + " twice");
      }
      items.add(item.deepCopy());
    }
    return List.copyOf(items);
  }

  private static OptionalLong gracePeriod(JsonNode root) {
    JsonNode node = root.path("terminationGracePeriodSeconds");
    if (node.isMissingNode() || node.isNull()) {
      return OptionalLong.empty();
    }
    if (!node.canConvertToLong() || !node.isIntegralNumber() || node.asLong() < 0) {
      throw new IllegalArgumentException(
          "'terminationGracePeriodSeconds' must be a whole number of seconds, not " + node);
    }
    return OptionalLong.of(node.asLong());
  }

  /** Name of the injected container; a pod that has a container of this name is left alone. */
  public String containerName() {
    return container.get("name").asText();
  }

  /** A copy of the container to add. */
  public ObjectNode container() {
    return container.deepCopy();
  }

  /** Annotations whose comma-separated values are merged into the pod's. */
  public Map<String, String> annotations() {
    return annotations;
  }

  /** Annotations set on the pod, replacing the pod's own values. */
  public Map<String, String> overrideAnnotations() {
    return overrideAnnotations;
  }

  /** Labels set on the pod, replacing the pod's own values. */
  public Map<String, String> labels() {
    return labels;
  }

  /** Copies of the pod volumes the container needs, each with a unique name. */
  public List<ObjectNode> volumes() {
    return volumes.stream().map(ObjectNode::deepCopy).toList();
  }

  /** Copies of the image pull secret references ({@code {name: ...}}) the image needs. */
  public List<ObjectNode> imagePullSecrets() {
    return imagePullSecrets.stream().map(ObjectNode::deepCopy).toList();
  }

  /** The least termination grace period the container needs to shut down cleanly. */
  public OptionalLong terminationGracePeriodSeconds() {
    return terminationGracePeriodSeconds;
  }
}
