package ai.traceable.tme.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Wiring option 2: Istio's CUSTOM authorization with a provider pointing at tme in the pod. */
class AuthorizationPolicyChartTest {
  private final Rendered rendered = Helm.render("ci/authorization-policy-values.yaml");

  @Test
  void sendsTheSelectedGatewaysRequestsToTheCustomProvider() {
    IstioModel.AuthorizationPolicy policy =
        IstioModel.read(rendered.one("AuthorizationPolicy"), IstioModel.AuthorizationPolicy.class);

    assertThat(rendered.ofKind("EnvoyFilter")).isEmpty();
    assertThat(policy.apiVersion()).isEqualTo("security.istio.io/v1");
    assertThat(policy.metadata().namespace()).isEqualTo("istio-system");
    assertThat(policy.spec().action()).isEqualTo(IstioModel.Action.CUSTOM);
    assertThat(policy.spec().provider().name()).isEqualTo("tme-ext-authz");
    assertThat(policy.spec().selector().matchLabels())
        .containsExactlyInAnyOrderEntriesOf(
            java.util.Map.of("traceableai-istio", "enabled", "tme.traceable.ai/injected", "true"));
    assertThat(policy.spec().rules()).hasSize(1);
  }

  @Test
  void theProviderHostResolvesToTmeOnTheGatewayPodsLoopback() {
    IstioModel.ServiceEntry entry =
        IstioModel.read(rendered.one("ServiceEntry"), IstioModel.ServiceEntry.class);

    assertThat(entry.metadata().namespace()).isEqualTo("istio-system");
    assertThat(entry.spec().hosts()).containsExactly("tme-ext-authz.local");
    assertThat(entry.spec().resolution()).isEqualTo(IstioModel.Resolution.STATIC);
    assertThat(entry.spec().endpoints())
        .extracting(IstioModel.WorkloadEntry::address)
        .containsExactly("127.0.0.1");
    assertThat(entry.spec().ports())
        .singleElement()
        .satisfies(
            port -> {
              assertThat(port.number()).isEqualTo(5442);
              assertThat(port.protocol()).isEqualTo("GRPC");
            });
  }

  @Test
  void refusesToRenderThePolicyUntilTheProviderIsDeclaredAndPrintsTheMeshConfigEntry() {
    Helm.Result result =
        Helm.template(
            Helm.CHART,
            List.of(),
            List.of(
                "envoyFilter.enabled=false",
                "authorizationPolicy.enabled=true",
                "authorizationPolicy.providerName=waf-authz"));

    assertThat(result.exitCode()).isNotZero();
    assertThat(result.stderr())
        .contains("denies every request")
        .contains("authorizationPolicy.providerDeclared=true");
    String stderr = result.stderr();
    String entry =
        stderr.substring(stderr.indexOf("meshConfig:"), stderr.indexOf("Use --debug")).strip();
    var provider = Helm.readYaml(entry).at("/meshConfig/extensionProviders/0");
    assertThat(provider.path("name").asText()).isEqualTo("waf-authz");
    assertThat(provider.at("/envoyExtAuthzGrpc/service").asText()).isEqualTo("tme-ext-authz.local");
    assertThat(provider.at("/envoyExtAuthzGrpc/port").asInt()).isEqualTo(5442);
  }

  @Test
  void theNotesWarnAndPrintTheMeshConfigEntry() {
    String notes = Helm.notes(List.of("ci/authorization-policy-values.yaml"), List.of());
    var provider =
        Helm.readYaml(notes.substring(notes.indexOf("meshConfig:")))
            .at("/meshConfig/extensionProviders/0");

    assertThat(notes).contains("denies every");
    assertThat(provider.path("name").asText()).isEqualTo("tme-ext-authz");
    assertThat(provider.at("/envoyExtAuthzGrpc/port").asInt()).isEqualTo(5442);
  }
}
