package ai.traceable.tme.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.Service;
import java.io.IOException;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Prometheus finds tme's /metrics in the pods that carry it; Grafana finds the dashboard. */
class MonitoringChartTest {
  private static final String CI = "ci/monitoring-values.yaml";

  /** Labels of a gateway pod after injection. */
  private static Map<String, String> injectedGatewayPod(Rendered rendered) {
    Map<String, String> labels = new HashMap<>(Map.of("traceableai-istio", "enabled", "app", "gw"));
    labels.putAll(InjectorTemplate.of(rendered).pod().getMetadata().getLabels());
    return labels;
  }

  private static ContainerPort managementPort(Container tme) {
    return tme.getPorts().stream()
        .filter(p -> p.getContainerPort() == 7626)
        .findFirst()
        .orElseThrow();
  }

  @Test
  void nothingIsScrapedOrShippedUnlessAsked() {
    Rendered rendered = Helm.render();
    var annotations = InjectorTemplate.of(rendered).pod().getMetadata().getAnnotations();

    assertThat(rendered.kinds()).doesNotContain("PodMonitor", "ServiceMonitor");
    assertThat(rendered.ofKind("Service")).hasSize(1);
    assertThat(annotations.keySet()).noneMatch(k -> k.startsWith("prometheus.io/"));
  }

  @Test
  void aPodMonitorScrapesTheManagementPortOfPodsThatCarryTme() {
    Rendered rendered =
        Helm.render(
            Helm.CHART,
            List.of(),
            List.of("metrics.podMonitor.enabled=true", "metrics.podMonitor.labels.release=prom"));
    MonitoringModel.PodMonitor monitor =
        (MonitoringModel.PodMonitor) MonitoringModel.read(rendered.one("PodMonitor"));
    var endpoint = monitor.spec().podMetricsEndpoints().get(0);

    assertThat(monitor.metadata().namespace()).isEqualTo("istio-system");
    assertThat(monitor.metadata().labels()).containsEntry("release", "prom");
    assertThat(monitor.spec().namespaceSelector().matchNames()).containsExactly("istio-system");
    assertThat(injectedGatewayPod(rendered).entrySet())
        .containsAll(monitor.spec().selector().matchLabels().entrySet());
    assertThat(monitor.spec().selector().matchLabels())
        .containsEntry("tme.traceable.ai/injected", "true");
    assertThat(endpoint.port())
        .isEqualTo(managementPort(InjectorTemplate.of(rendered).container()).getName());
    assertThat(endpoint.path()).isEqualTo("/metrics");
  }

  @Test
  void aServiceMonitorScrapesAHeadlessServiceOverThePodsThatCarryTme() {
    Rendered rendered = Helm.render(CI);
    MonitoringModel.ServiceMonitor monitor =
        (MonitoringModel.ServiceMonitor) MonitoringModel.read(rendered.one("ServiceMonitor"));
    Service metrics =
        rendered.ofKind("Service").stream()
            .map(s -> (Service) KubernetesModel.read(s))
            .filter(s -> s.getMetadata().getName().endsWith("-metrics"))
            .findFirst()
            .orElseThrow();
    LabelSelector selector = new LabelSelector();
    selector.setMatchLabels(monitor.spec().selector().matchLabels());

    assertThat(metrics.getMetadata().getNamespace()).isEqualTo("istio-system");
    assertThat(metrics.getSpec().getClusterIP()).isEqualTo("None");
    assertThat(injectedGatewayPod(rendered).entrySet())
        .containsAll(metrics.getSpec().getSelector().entrySet());
    assertThat(metrics.getSpec().getPorts())
        .singleElement()
        .satisfies(
            port -> {
              assertThat(port.getPort()).isEqualTo(7626);
              assertThat(port.getTargetPort().getStrVal())
                  .isEqualTo(managementPort(InjectorTemplate.of(rendered).container()).getName());
              assertThat(monitor.spec().endpoints().get(0).port()).isEqualTo(port.getName());
            });
    assertThat(InjectorSafetyChartTest.matches(selector, metrics.getMetadata().getLabels()))
        .isTrue();
    for (var other : rendered.ofKind("Service")) {
      Service service = (Service) KubernetesModel.read(other);
      if (service != metrics
          && !service.getMetadata().getName().equals(metrics.getMetadata().getName())) {
        assertThat(InjectorSafetyChartTest.matches(selector, service.getMetadata().getLabels()))
            .as("ServiceMonitor selects " + service.getMetadata().getName())
            .isFalse();
      }
    }
    assertThat(monitor.metadata().labels()).containsEntry("release", "kube-prometheus-stack");
  }

  @Test
  void refusesBothMonitorsAtOnce() {
    Helm.Result result =
        Helm.template(Helm.CHART, List.of(CI), List.of("metrics.podMonitor.enabled=true"));

    assertThat(result.exitCode()).isNotZero();
    assertThat(result.stderr()).contains("enable one of them");
  }

  @Test
  void prometheusAnnotationsPointAtTmeAndReplaceIstiosWhenAsked() {
    Rendered rendered =
        Helm.render(
            Helm.CHART,
            List.of(),
            List.of("metrics.prometheusAnnotations=true", "sidecarPatch.enabled=true"));
    JsonNode overrides = InjectorTemplate.of(rendered).yaml().path("overrideAnnotations");
    Map<String, String> patched =
        rendered.sidecarPatch().getSpec().getTemplate().getMetadata().getAnnotations();

    assertThat(overrides.path("prometheus.io/scrape").asText()).isEqualTo("true");
    assertThat(overrides.path("prometheus.io/port").asText()).isEqualTo("7626");
    assertThat(overrides.path("prometheus.io/path").asText()).isEqualTo("/metrics");
    assertThat(InjectorTemplate.of(rendered).yaml().path("annotations").has("prometheus.io/port"))
        .as("merged as a list, 15020 would become \"15020,7626\"")
        .isFalse();
    assertThat(patched)
        .containsEntry("prometheus.io/port", "7626")
        .containsEntry("prometheus.io/path", "/metrics");
  }

  @Test
  void theDashboardShipsAsAConfigMapGrafanasSidecarLoads() throws IOException {
    Rendered rendered = Helm.render(CI);
    ConfigMap dashboard =
        rendered.ofKind("ConfigMap").stream()
            .map(c -> (ConfigMap) KubernetesModel.read(c))
            .filter(c -> c.getData().containsKey("tme-dashboard.json"))
            .findFirst()
            .orElseThrow();
    String shipped = Files.readString(Helm.CHART.resolve("dashboards/tme-dashboard.json"));

    assertThat(dashboard.getMetadata().getNamespace()).isEqualTo("monitoring");
    assertThat(dashboard.getMetadata().getLabels()).containsEntry("grafana_dashboard", "1");
    assertThat(dashboard.getMetadata().getAnnotations()).containsEntry("grafana_folder", "tme");
    assertThat(Helm.readYaml(dashboard.getData().get("tme-dashboard.json")))
        .isEqualTo(Helm.readYaml(shipped));
    assertThat(Helm.readYaml(shipped).path("panels").size()).isGreaterThan(5);
  }
}
