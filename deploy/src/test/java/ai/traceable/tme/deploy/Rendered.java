package ai.traceable.tme.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/** The Kubernetes objects of one {@code helm template} run, in output order. */
record Rendered(List<JsonNode> objects) {

  static Rendered parse(String multiDocumentYaml) {
    List<JsonNode> objects = new ArrayList<>();
    try (MappingIterator<JsonNode> documents =
        Helm.YAML.readerFor(JsonNode.class).readValues(multiDocumentYaml)) {
      while (documents.hasNextValue()) {
        JsonNode document = documents.nextValue();
        if (document != null && !document.isNull() && !document.isMissingNode()) {
          objects.add(document);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new Rendered(List.copyOf(objects));
  }

  List<JsonNode> ofKind(String kind) {
    return objects.stream().filter(o -> kind.equals(o.path("kind").asText())).toList();
  }

  /** The only object of a kind; fails when there is none or more than one. */
  JsonNode one(String kind) {
    List<JsonNode> found = ofKind(kind);
    if (found.size() != 1) {
      throw new AssertionError("expected one " + kind + ", found " + found.size());
    }
    return found.get(0);
  }

  /**
   * The sidecar-only patch (the ConfigMap key {@code patch.yaml}) as a Deployment; fails when the
   * render has none.
   */
  Deployment sidecarPatch() {
    String patch =
        ofKind("ConfigMap").stream()
            .filter(c -> c.path("data").has("patch.yaml"))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no ConfigMap with patch.yaml"))
            .path("data")
            .path("patch.yaml")
            .asText();
    return KubernetesModel.read(Helm.readYaml(patch), Deployment.class, "patch.yaml");
  }

  List<String> kinds() {
    return objects.stream().map(o -> o.path("kind").asText()).toList();
  }
}
