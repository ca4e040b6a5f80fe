package ai.traceable.tme.injector;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the injector adds to a pod: one container and the pod annotations to merge. Loaded from the
 * file the Helm chart renders from its values (YAML or JSON):
 *
 * <pre>
 * container: {name: tme, image: ..., ports: [...], ...}   # a Kubernetes Container
 * annotations:                                            # comma-separated lists, merged
 *   traffic.sidecar.istio.io/excludeInboundPorts: "5442"
 * </pre>
 *
 * Immutable: {@link #container()} returns a fresh copy on every call.
 */
public final class SidecarTemplate {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private final ObjectNode container;
  private final Map<String, String> annotations;

  SidecarTemplate(ObjectNode container, Map<String, String> annotations) {
    JsonNode name = container.get("name");
    if (name == null || !name.isTextual() || name.asText().isBlank()) {
      throw new IllegalArgumentException("the sidecar template's container has no name");
    }
    if (!container.path("image").isTextual()) {
      throw new IllegalArgumentException("the sidecar template's container has no image");
    }
    this.container = container.deepCopy();
    this.annotations = Map.copyOf(annotations);
  }

  /**
   * Reads a template file.
   *
   * @throws IllegalArgumentException naming the file when it cannot be read or lacks a container
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
    if (root == null || !root.path("container").isObject()) {
      throw new IllegalArgumentException("a sidecar template needs a 'container' object");
    }
    Map<String, String> annotations = new LinkedHashMap<>();
    root.path("annotations")
        .properties()
        .forEach(entry -> annotations.put(entry.getKey(), entry.getValue().asText()));
    return new SidecarTemplate((ObjectNode) root.get("container"), annotations);
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
}
