package ai.traceable.tme.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.apps.Deployment;

/**
 * Checks every object of a rendering against its schema: Kubernetes kinds against fabric8's model,
 * Istio and cert-manager kinds against {@link IstioModel}, Prometheus Operator kinds against {@link
 * MonitoringModel}, Envoy configuration in EnvoyFilters against Envoy's protos, and the YAML
 * documents the chart embeds in ConfigMaps (the injector's sidecar template, the sidecar-only
 * patch) against the Kubernetes model too. A kind none of them covers fails: every new template
 * needs a check.
 */
final class ChartValidator {
  private ChartValidator() {}

  static void validate(Rendered rendered) {
    for (JsonNode object : rendered.objects()) {
      validate(object);
    }
  }

  static void validate(JsonNode object) {
    if (KubernetesModel.covers(object)) {
      KubernetesModel.read(object);
      if ("ConfigMap".equals(object.path("kind").asText())) {
        embeddedDocuments(object);
      }
    } else if (MonitoringModel.covers(object)) {
      MonitoringModel.read(object);
    } else if (IstioModel.covers(object)) {
      Object model = IstioModel.read(object);
      if (model instanceof IstioModel.EnvoyFilter filter) {
        envoyPatches(filter);
      }
    } else {
      throw new AssertionError(
          "no schema check for "
              + object.path("apiVersion").asText()
              + " "
              + object.path("kind").asText());
    }
  }

  static void envoyPatches(IstioModel.EnvoyFilter filter) {
    for (IstioModel.ConfigPatch patch : filter.spec().configPatches()) {
      switch (patch.applyTo()) {
        case HTTP_FILTER -> {
          var http = EnvoyConfig.httpFilter(patch.patch().value());
          if (http.getName().equals("envoy.filters.http.ext_proc")) {
            EnvoyConfig.extProc(http);
          } else {
            EnvoyConfig.extAuthz(http);
          }
        }
        case LISTENER -> EnvoyConfig.listener(patch.patch().value());
        case CLUSTER -> EnvoyConfig.httpProtocolOptions(EnvoyConfig.cluster(patch.patch().value()));
        default -> throw new AssertionError("no Envoy check for applyTo " + patch.applyTo());
      }
    }
  }

  private static void embeddedDocuments(JsonNode configMap) {
    JsonNode data = configMap.path("data");
    if (data.has("sidecar.yaml")) {
      InjectorTemplate.parse(data.path("sidecar.yaml").asText());
    }
    if (data.has("patch.yaml")) {
      KubernetesModel.read(
          Helm.readYaml(data.path("patch.yaml").asText()), Deployment.class, "patch.yaml");
    }
  }
}
