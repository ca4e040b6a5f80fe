package ai.traceable.tme.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads rendered objects into fabric8's Kubernetes model classes and rejects every field the model
 * does not know. fabric8 keeps unknown fields in each object's {@code additionalProperties} instead
 * of failing, so after reading, the whole object graph is walked and any such leftover fails with
 * its path: a typo like {@code readinesProbe} cannot pass.
 */
final class KubernetesModel {
  private static final JsonMapper FABRIC8 =
      JsonMapper.builder().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

  private static final Map<String, Class<?>> CLASSES =
      Map.of(
          "v1/ServiceAccount", ServiceAccount.class,
          "v1/Secret", Secret.class,
          "v1/Service", Service.class,
          "v1/ConfigMap", ConfigMap.class,
          "apps/v1/Deployment", Deployment.class,
          "policy/v1/PodDisruptionBudget", PodDisruptionBudget.class,
          "admissionregistration.k8s.io/v1/MutatingWebhookConfiguration",
              MutatingWebhookConfiguration.class);

  private KubernetesModel() {}

  /** True when the object's apiVersion and kind have a fabric8 model class here. */
  static boolean covers(JsonNode object) {
    return CLASSES.containsKey(key(object));
  }

  /**
   * Reads a rendered object into its model class.
   *
   * @throws AssertionError naming the object and the unknown fields
   */
  static Object read(JsonNode object) {
    Class<?> type = CLASSES.get(key(object));
    if (type == null) {
      throw new AssertionError("no model for " + key(object));
    }
    return read(object, type, key(object) + " " + object.at("/metadata/name").asText());
  }

  /** Reads a part of an object (a Container, a partial Deployment) strictly into a model class. */
  static <T> T read(JsonNode json, Class<T> type, String what) {
    T value;
    try {
      value = FABRIC8.readValue(json.toString(), type);
    } catch (RuntimeException e) {
      throw new AssertionError(what + " does not read as " + type.getSimpleName() + ": " + e, e);
    }
    List<String> unknown = new ArrayList<>();
    collectUnknown(
        value, type.getSimpleName(), unknown, Collections.newSetFromMap(new IdentityHashMap<>()));
    if (!unknown.isEmpty()) {
      throw new AssertionError(
          what + " has fields " + type.getSimpleName() + " does not know: " + unknown);
    }
    return value;
  }

  private static String key(JsonNode object) {
    return object.path("apiVersion").asText() + "/" + object.path("kind").asText();
  }

  private static void collectUnknown(
      Object value, String path, List<String> unknown, Set<Object> seen) {
    if (value == null || !seen.add(value)) {
      return;
    }
    if (value instanceof Collection<?> items) {
      int i = 0;
      for (Object item : items) {
        collectUnknown(item, path + "[" + i++ + "]", unknown, seen);
      }
      return;
    }
    if (value instanceof Map<?, ?> map) {
      map.forEach((k, v) -> collectUnknown(v, path + "." + k, unknown, seen));
      return;
    }
    if (!value.getClass().getName().startsWith("io.fabric8.")) {
      return;
    }
    for (Class<?> c = value.getClass(); c != null && c != Object.class; c = c.getSuperclass()) {
      for (Field field : c.getDeclaredFields()) {
        if (Modifier.isStatic(field.getModifiers())) {
          continue;
        }
        Object child = get(field, value);
        if (field.getName().equals("additionalProperties")) {
          if (child instanceof Map<?, ?> extra && !extra.isEmpty()) {
            extra.keySet().forEach(k -> unknown.add(path + "." + k));
          }
        } else {
          collectUnknown(child, path + "." + field.getName(), unknown, seen);
        }
      }
    }
  }

  private static Object get(Field field, Object owner) {
    try {
      field.setAccessible(true);
      return field.get(owner);
    } catch (ReflectiveOperationException | RuntimeException e) {
      return null;
    }
  }
}
