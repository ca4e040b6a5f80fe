package ai.traceable.tme.injector;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Builds the RFC 6902 JSON Patch that adds the sidecar to a pod. Only {@code add} operations are
 * used: the API server applies them to the pod exactly as it was sent to the webhook, so nothing
 * needs to be tested or removed first.
 */
final class PodPatch {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private PodPatch() {}

  /** True when the pod already has a container named like the template's. */
  static boolean alreadyInjected(JsonNode pod, SidecarTemplate template) {
    for (JsonNode container : pod.path("spec").path("containers")) {
      if (template.containerName().equals(container.path("name").asText())) {
        return true;
      }
    }
    return false;
  }

  /** The operations that add the container and merge the template's annotations. */
  static ArrayNode of(JsonNode pod, SidecarTemplate template) {
    ArrayNode ops = NODES.arrayNode();
    if (pod.path("spec").path("containers").isArray()) {
      ops.add(add("/spec/containers/-", template.container()));
    } else {
      ops.add(add("/spec/containers", NODES.arrayNode().add(template.container())));
    }
    JsonNode existing = pod.path("metadata").path("annotations");
    if (template.annotations().isEmpty()) {
      return ops;
    }
    if (!existing.isObject()) {
      ObjectNode annotations = NODES.objectNode();
      template.annotations().forEach(annotations::put);
      ops.add(add("/metadata/annotations", annotations));
      return ops;
    }
    for (Map.Entry<String, String> entry : template.annotations().entrySet()) {
      String current = existing.path(entry.getKey()).asText("");
      String merged = mergeLists(current, entry.getValue());
      if (!merged.equals(current)) {
        // "add" on an existing member replaces it (RFC 6902, 4.1)
        ops.add(add("/metadata/annotations/" + escape(entry.getKey()), NODES.textNode(merged)));
      }
    }
    return ops;
  }

  /** The union of two comma-separated lists, existing entries first, without duplicates. */
  static String mergeLists(String existing, String added) {
    Set<String> items = new LinkedHashSet<>();
    for (String list : new String[] {existing, added}) {
      Arrays.stream(list.split(","))
          .map(String::trim)
          .filter(item -> !item.isEmpty())
          .forEach(items::add);
    }
    return String.join(",", items);
  }

  /** JSON Pointer escaping of one reference token (RFC 6901, 3): {@code ~} then {@code /}. */
  static String escape(String token) {
    return token.replace("~", "~0").replace("/", "~1");
  }

  private static ObjectNode add(String path, JsonNode value) {
    ObjectNode op = NODES.objectNode();
    op.put("op", "add");
    op.put("path", path);
    op.set("value", value);
    return op;
  }
}
