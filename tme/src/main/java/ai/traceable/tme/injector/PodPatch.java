package ai.traceable.tme.injector;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Builds the RFC 6902 JSON Patch that adds the sidecar to a pod. Only {@code add} operations are
 * used: the API server applies them to the pod exactly as it was sent to the webhook, so nothing
 * needs to be tested or removed first. Lists keyed by name (volumes, image pull secrets) gain only
 * the entries the pod lacks, so a pod that already has a volume of that name keeps its own and no
 * name is ever listed twice.
 */
final class PodPatch {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  /** What the API server applies when a pod leaves the field out (Kubernetes' default). */
  static final long DEFAULT_GRACE_PERIOD_SECONDS = 30;

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

  /**
   * The operations that add the container, the volumes and pull secrets it needs, raise the grace
   * period, and set the template's labels and annotations.
   */
  static ArrayNode of(JsonNode pod, SidecarTemplate template) {
    ArrayNode ops = NODES.arrayNode();
    JsonNode spec = pod.path("spec");
    addMissingByName(ops, spec, "containers", List.of(template.container()));
    addMissingByName(ops, spec, "volumes", template.volumes());
    addMissingByName(ops, spec, "imagePullSecrets", template.imagePullSecrets());
    template.terminationGracePeriodSeconds().ifPresent(least -> raiseGracePeriod(ops, spec, least));
    JsonNode metadata = pod.path("metadata");
    JsonNode annotations = metadata.path("annotations");
    Map<String, String> wanted = new LinkedHashMap<>();
    template
        .annotations()
        .forEach(
            (key, list) -> wanted.put(key, mergeLists(annotations.path(key).asText(""), list)));
    wanted.putAll(template.overrideAnnotations());
    setEntries(ops, metadata, "annotations", wanted);
    setEntries(ops, metadata, "labels", template.labels());
    return ops;
  }

  /**
   * Raises the pod's grace period to the sidecar's need, never lowers it: the gateway may need
   * longer than tme to drain.
   */
  private static void raiseGracePeriod(ArrayNode ops, JsonNode spec, long least) {
    JsonNode current = spec.path("terminationGracePeriodSeconds");
    long seconds = current.isIntegralNumber() ? current.asLong() : DEFAULT_GRACE_PERIOD_SECONDS;
    if (least > seconds) {
      ops.add(add("/spec/terminationGracePeriodSeconds", NODES.numberNode(least)));
    }
  }

  /** Appends each item whose name the pod's list at {@code spec.<field>} does not have yet. */
  private static void addMissingByName(
      ArrayNode ops, JsonNode spec, String field, List<ObjectNode> items) {
    JsonNode existing = spec.path(field);
    Set<String> present = new HashSet<>();
    existing.forEach(item -> present.add(item.path("name").asText()));
    List<ObjectNode> missing =
        items.stream().filter(item -> !present.contains(item.path("name").asText())).toList();
    if (missing.isEmpty()) {
      return;
    }
    if (!existing.isArray()) {
      ops.add(add("/spec/" + field, NODES.arrayNode().addAll(missing)));
      return;
    }
    missing.forEach(item -> ops.add(add("/spec/" + field + "/-", item)));
  }

  /**
   * Sets string entries of {@code metadata.<field>}, skipping those that already have the value.
   */
  private static void setEntries(
      ArrayNode ops, JsonNode metadata, String field, Map<String, String> wanted) {
    JsonNode existing = metadata.path(field);
    if (wanted.isEmpty()) {
      return;
    }
    if (!existing.isObject()) {
      ObjectNode all = NODES.objectNode();
      wanted.forEach(all::put);
      ops.add(add("/metadata/" + field, all));
      return;
    }
    wanted.forEach(
        (key, value) -> {
          if (!value.equals(existing.path(key).asText(null))) {
            // "add" on an existing member replaces it (RFC 6902, 4.1)
            ops.add(add("/metadata/" + field + "/" + escape(key), NODES.textNode(value)));
          }
        });
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
