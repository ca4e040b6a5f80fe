package ai.traceable.tme.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.util.Durations;
import io.envoyproxy.envoy.extensions.filters.http.ext_proc.v3.ExternalProcessor;
import io.envoyproxy.envoy.extensions.filters.http.ext_proc.v3.ProcessingMode;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpFilter;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** mode ext_proc: the EnvoyFilter's ext_proc filter as Envoy will read it, and tme's settings. */
class ExtProcChartTest {

  private static IstioModel.EnvoyFilter envoyFilter(List<String> files, List<String> sets) {
    Rendered rendered = Rendered.parse(Helm.template(Helm.CHART, files, sets).stdout());
    return IstioModel.read(rendered.one("EnvoyFilter"), IstioModel.EnvoyFilter.class);
  }

  private static List<IstioModel.ConfigPatch> patches(
      IstioModel.EnvoyFilter filter, IstioModel.ApplyTo applyTo) {
    return filter.spec().configPatches().stream().filter(p -> p.applyTo() == applyTo).toList();
  }

  private static HttpFilter httpFilter(IstioModel.EnvoyFilter filter) {
    return EnvoyConfig.httpFilter(
        patches(filter, IstioModel.ApplyTo.HTTP_FILTER).get(0).patch().value());
  }

  private static Map<String, String> sidecarEnv(List<String> sets) {
    Rendered rendered = Rendered.parse(Helm.template(Helm.CHART, List.of(), sets).stdout());
    Container c = InjectorTemplate.of(rendered).container();
    return c.getEnv().stream()
        .filter(e -> e.getValue() != null)
        .collect(Collectors.toMap(EnvVar::getName, EnvVar::getValue));
  }

  @Test
  void byDefaultTheGatewayCallsExtAuthzAndTmeRunsInExtAuthzMode() {
    HttpFilter filter = httpFilter(envoyFilter(List.of(), List.of()));

    assertThat(filter.getName()).isEqualTo("envoy.filters.http.ext_authz");
    assertThat(sidecarEnv(List.of())).containsEntry("TME_MODE", "ext_authz");
    assertThat(sidecarEnv(List.of())).doesNotContainKey("TME_EXT_PROC_REQUEST_BODY_MODE");
  }

  @Test
  void extProcModeInsertsExtProcWithTheProcessingModeTimeoutAndFailureMode() {
    IstioModel.EnvoyFilter rendered = envoyFilter(List.of(), List.of("mode=ext_proc"));
    HttpFilter filter = httpFilter(rendered);
    ExternalProcessor extProc = EnvoyConfig.extProc(filter);

    assertThat(filter.getName()).isEqualTo("envoy.filters.http.ext_proc");
    assertThat(extProc.getFailureModeAllow()).isTrue();
    assertThat(extProc.getGrpcService().getEnvoyGrpc().getClusterName()).isEqualTo("tme-ext-authz");
    assertThat(Durations.toMillis(extProc.getMessageTimeout())).isEqualTo(200);
    assertThat(extProc.getRequestAttributesList()).containsExactly("source.address", "source.port");
    ProcessingMode mode = extProc.getProcessingMode();
    assertThat(mode.getRequestHeaderMode()).isEqualTo(ProcessingMode.HeaderSendMode.SEND);
    assertThat(mode.getResponseHeaderMode()).isEqualTo(ProcessingMode.HeaderSendMode.SEND);
    assertThat(mode.getRequestBodyMode()).isEqualTo(ProcessingMode.BodySendMode.BUFFERED_PARTIAL);
    assertThat(mode.getResponseBodyMode()).isEqualTo(ProcessingMode.BodySendMode.BUFFERED_PARTIAL);
    assertThat(mode.getRequestTrailerMode()).isEqualTo(ProcessingMode.HeaderSendMode.SKIP);
    assertThat(mode.getResponseTrailerMode()).isEqualTo(ProcessingMode.HeaderSendMode.SKIP);
    assertThat(patches(rendered, IstioModel.ApplyTo.LISTENER)).isEmpty();
  }

  @Test
  void extProcValuesReachEnvoyAndTheSidecar() {
    IstioModel.EnvoyFilter rendered = envoyFilter(List.of("ci/ext-proc-values.yaml"), List.of());
    ExternalProcessor extProc = EnvoyConfig.extProc(httpFilter(rendered));

    assertThat(extProc.getFailureModeAllow()).isFalse();
    assertThat(Durations.toMillis(extProc.getMessageTimeout())).isEqualTo(500);
    assertThat(extProc.getProcessingMode().getRequestBodyMode())
        .isEqualTo(ProcessingMode.BodySendMode.BUFFERED);
    assertThat(extProc.getProcessingMode().getResponseBodyMode())
        .isEqualTo(ProcessingMode.BodySendMode.STREAMED);
    var listener =
        EnvoyConfig.listener(patches(rendered, IstioModel.ApplyTo.LISTENER).get(0).patch().value());
    assertThat(listener.getPerConnectionBufferLimitBytes().getValue()).isEqualTo(2097152);

    Rendered all =
        Rendered.parse(
            Helm.template(Helm.CHART, List.of("ci/ext-proc-values.yaml"), List.of()).stdout());
    Map<String, String> env =
        InjectorTemplate.of(all).container().getEnv().stream()
            .filter(e -> e.getValue() != null)
            .collect(Collectors.toMap(EnvVar::getName, EnvVar::getValue));
    assertThat(env)
        .containsEntry("TME_MODE", "ext_proc")
        .containsEntry("TME_EXT_PROC_REQUEST_BODY_MODE", "buffered")
        .containsEntry("TME_EXT_PROC_RESPONSE_BODY_MODE", "streamed")
        .containsEntry("TME_RESPONSE_INSPECTION_MODE", "block");
  }

  @Test
  void refusesExtProcWiredThroughAnAuthorizationPolicyAndUnknownModes() {
    Helm.Result policy =
        Helm.template(
            Helm.CHART,
            List.of(),
            List.of(
                "mode=ext_proc",
                "envoyFilter.enabled=false",
                "authorizationPolicy.enabled=true",
                "authorizationPolicy.providerDeclared=true"));
    assertThat(policy.succeeded()).isFalse();
    assertThat(policy.stderr()).contains("mode ext_proc is wired by the EnvoyFilter only");

    Helm.Result unknown = Helm.template(Helm.CHART, List.of(), List.of("mode=ext_both"));
    assertThat(unknown.succeeded()).isFalse();
    assertThat(unknown.stderr()).contains("mode");
  }
}
