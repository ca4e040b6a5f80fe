package ai.traceable.tme.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.util.Durations;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.core.v3.ApiVersion;
import io.envoyproxy.envoy.config.core.v3.RoutingPriority;
import io.envoyproxy.envoy.extensions.filters.http.ext_authz.v3.ExtAuthz;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpFilter;
import io.envoyproxy.envoy.type.v3.StatusCode;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The EnvoyFilter traceableai-istio as Envoy will read it. */
class EnvoyFilterChartTest {

  private static IstioModel.EnvoyFilter envoyFilter(String... valuesFiles) {
    return IstioModel.read(
        Helm.render(valuesFiles).one("EnvoyFilter"), IstioModel.EnvoyFilter.class);
  }

  private static IstioModel.ConfigPatch patch(
      IstioModel.EnvoyFilter filter, IstioModel.ApplyTo applyTo) {
    return filter.spec().configPatches().stream()
        .filter(p -> p.applyTo() == applyTo)
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + applyTo + " patch"));
  }

  @Test
  void selectsOnlyLabelledGatewayPodsThatCarryTmeInTheGatewayNamespace() {
    IstioModel.EnvoyFilter filter = envoyFilter();

    assertThat(filter.apiVersion()).isEqualTo("networking.istio.io/v1alpha3");
    assertThat(filter.metadata().name()).isEqualTo("traceableai-istio");
    assertThat(filter.metadata().namespace()).isEqualTo("istio-system");
    assertThat(filter.spec().workloadSelector().labels())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of("traceableai-istio", "enabled", "tme.traceable.ai/injected", "true"));
  }

  @Test
  void aGatewayPodMatchesTheFilterOnlyOnceTheInjectorOrThePatchLabelledIt() {
    Rendered rendered = Helm.render();
    Map<String, String> selector =
        IstioModel.read(rendered.one("EnvoyFilter"), IstioModel.EnvoyFilter.class)
            .spec()
            .workloadSelector()
            .labels();
    Map<String, String> gatewayPod = Map.of("traceableai-istio", "enabled", "app", "gw");
    Map<String, String> injected = new HashMap<>(gatewayPod);
    injected.putAll(InjectorTemplate.of(rendered).pod().getMetadata().getLabels());
    Map<String, String> patched =
        Helm.render("ci/sidecar-only-values.yaml")
            .sidecarPatch()
            .getSpec()
            .getTemplate()
            .getMetadata()
            .getLabels();

    assertThat(gatewayPod.entrySet().containsAll(selector.entrySet()))
        .as("a gateway pod the injector missed matches")
        .isFalse();
    assertThat(injected.entrySet()).containsAll(selector.entrySet());
    assertThat(patched.entrySet()).containsAll(selector.entrySet());
  }

  @Test
  void insertsExtAuthzBeforeTheRouterOfGatewayListeners() {
    IstioModel.ConfigPatch patch = patch(envoyFilter(), IstioModel.ApplyTo.HTTP_FILTER);

    assertThat(patch.match().context()).isEqualTo(IstioModel.PatchContext.GATEWAY);
    assertThat(patch.match().listener().filterChain().filter().name())
        .isEqualTo("envoy.filters.network.http_connection_manager");
    assertThat(patch.match().listener().filterChain().filter().subFilter().name())
        .isEqualTo("envoy.filters.http.router");
    assertThat(patch.patch().operation()).isEqualTo(IstioModel.Operation.INSERT_BEFORE);
    HttpFilter filter = EnvoyConfig.httpFilter(patch.patch().value());
    assertThat(filter.getName()).isEqualTo("envoy.filters.http.ext_authz");
    assertThat(filter.getTypedConfig().getTypeUrl())
        .isEqualTo("type.googleapis.com/envoy.extensions.filters.http.ext_authz.v3.ExtAuthz");
  }

  @Test
  void callsTmeOverGrpcV3FailingOpenWithTheBodyByDefault() {
    IstioModel.EnvoyFilter filter = envoyFilter();
    ExtAuthz extAuthz =
        EnvoyConfig.extAuthz(
            EnvoyConfig.httpFilter(patch(filter, IstioModel.ApplyTo.HTTP_FILTER).patch().value()));
    Cluster cluster =
        EnvoyConfig.cluster(patch(filter, IstioModel.ApplyTo.CLUSTER).patch().value());

    assertThat(extAuthz.getTransportApiVersion()).isEqualTo(ApiVersion.V3);
    assertThat(extAuthz.getFailureModeAllow()).isTrue();
    assertThat(extAuthz.getGrpcService().getEnvoyGrpc().getClusterName())
        .isEqualTo(cluster.getName());
    assertThat(Durations.toMillis(extAuthz.getGrpcService().getTimeout())).isEqualTo(250);
    assertThat(extAuthz.getWithRequestBody().getMaxRequestBytes()).isEqualTo(8192);
    assertThat(extAuthz.getWithRequestBody().getAllowPartialMessage()).isTrue();
    assertThat(extAuthz.getWithRequestBody().getPackAsBytes()).isTrue();
  }

  @Test
  void reachesTmeThroughAStaticHttp2ClusterOnLoopback() {
    IstioModel.ConfigPatch patch = patch(envoyFilter(), IstioModel.ApplyTo.CLUSTER);
    Cluster cluster = EnvoyConfig.cluster(patch.patch().value());

    assertThat(patch.match().context()).isEqualTo(IstioModel.PatchContext.GATEWAY);
    assertThat(patch.patch().operation()).isEqualTo(IstioModel.Operation.ADD);
    assertThat(cluster.getType()).isEqualTo(Cluster.DiscoveryType.STATIC);
    var address =
        cluster
            .getLoadAssignment()
            .getEndpoints(0)
            .getLbEndpoints(0)
            .getEndpoint()
            .getAddress()
            .getSocketAddress();
    assertThat(address.getAddress()).isEqualTo("127.0.0.1");
    assertThat(address.getPortValue()).isEqualTo(5442);
    assertThat(
            EnvoyConfig.httpProtocolOptions(cluster)
                .getExplicitHttpConfig()
                .hasHttp2ProtocolOptions())
        .isTrue();
  }

  @Test
  void failsClosedWithTheConfiguredStatusWhenAsked() {
    ExtAuthz extAuthz =
        EnvoyConfig.extAuthz(
            EnvoyConfig.httpFilter(
                patch(envoyFilter("ci/fail-closed-values.yaml"), IstioModel.ApplyTo.HTTP_FILTER)
                    .patch()
                    .value()));

    assertThat(extAuthz.getFailureModeAllow()).isFalse();
    assertThat(extAuthz.getStatusOnError().getCode()).isEqualTo(StatusCode.ServiceUnavailable);
    assertThat(Durations.toMillis(extAuthz.getGrpcService().getTimeout())).isEqualTo(500);
    assertThat(extAuthz.hasWithRequestBody()).isFalse();
  }

  @Test
  void followsTheGrpcPortAndSelectorValues() {
    IstioModel.EnvoyFilter filter =
        IstioModel.read(
            Helm.render(
                    Helm.CHART,
                    List.of(),
                    List.of(
                        "sidecar.grpcPort=6000",
                        "gateway.namespace=edge",
                        "gateway.selectorLabels.traceableai-istio=on"))
                .one("EnvoyFilter"),
            IstioModel.EnvoyFilter.class);
    Cluster cluster =
        EnvoyConfig.cluster(patch(filter, IstioModel.ApplyTo.CLUSTER).patch().value());

    assertThat(
            cluster
                .getLoadAssignment()
                .getEndpoints(0)
                .getLbEndpoints(0)
                .getEndpoint()
                .getAddress()
                .getSocketAddress()
                .getPortValue())
        .isEqualTo(6000);
    assertThat(filter.metadata().namespace()).isEqualTo("edge");
    assertThat(filter.spec().workloadSelector().labels())
        .containsEntry("traceableai-istio", "on")
        .containsEntry("tme.traceable.ai/injected", "true");
  }

  @Test
  void theTmeClusterHasTheCircuitBreakerLimitsFromValues() {
    IstioModel.EnvoyFilter defaults = envoyFilter();
    IstioModel.EnvoyFilter tuned =
        IstioModel.read(
            Helm.render(
                    Helm.CHART,
                    List.of(),
                    List.of(
                        "envoyFilter.circuitBreakers.maxConnections=8",
                        "envoyFilter.circuitBreakers.maxPendingRequests=64",
                        "envoyFilter.circuitBreakers.maxRequests=4096",
                        "envoyFilter.circuitBreakers.maxRetries=0"))
                .one("EnvoyFilter"),
            IstioModel.EnvoyFilter.class);

    var byDefault =
        EnvoyConfig.cluster(patch(defaults, IstioModel.ApplyTo.CLUSTER).patch().value())
            .getCircuitBreakers()
            .getThresholdsList();
    var set =
        EnvoyConfig.cluster(patch(tuned, IstioModel.ApplyTo.CLUSTER).patch().value())
            .getCircuitBreakers()
            .getThresholds(0);

    assertThat(byDefault)
        .singleElement()
        .satisfies(
            t -> {
              assertThat(t.getPriority()).isEqualTo(RoutingPriority.DEFAULT);
              assertThat(t.getMaxConnections().getValue()).isEqualTo(1024);
              assertThat(t.getMaxPendingRequests().getValue()).isEqualTo(1024);
              assertThat(t.getMaxRequests().getValue()).isEqualTo(1024);
              assertThat(t.getMaxRetries().getValue()).isEqualTo(3);
            });
    assertThat(set.getMaxConnections().getValue()).isEqualTo(8);
    assertThat(set.getMaxPendingRequests().getValue()).isEqualTo(64);
    assertThat(set.getMaxRequests().getValue()).isEqualTo(4096);
    assertThat(set.hasMaxRetries()).isTrue();
    assertThat(set.getMaxRetries().getValue()).isZero();
  }
}
