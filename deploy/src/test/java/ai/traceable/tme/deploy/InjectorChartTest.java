package ai.traceable.tme.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhook;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The injector's objects: webhook registration, TLS, Deployment and the sidecar it injects. */
class InjectorChartTest {
  private static final String INJECTOR = "traceableai-istio-injector";
  private static final String SERVICE_DNS = INJECTOR + "." + Helm.NAMESPACE + ".svc";

  private static <T> T one(Rendered rendered, String kind, Class<T> type) {
    return type.cast(KubernetesModel.read(rendered.one(kind)));
  }

  private static MutatingWebhook webhook(Rendered rendered) {
    MutatingWebhookConfiguration config =
        one(rendered, "MutatingWebhookConfiguration", MutatingWebhookConfiguration.class);
    assertThat(config.getWebhooks()).hasSize(1);
    return config.getWebhooks().get(0);
  }

  /** The container the injector adds, from the template ConfigMap the chart renders. */
  static Container injectedContainer(Rendered rendered) {
    return InjectorTemplate.of(rendered).container();
  }

  static Map<String, String> env(Container container) {
    return container.getEnv().stream()
        .collect(Collectors.toMap(EnvVar::getName, e -> String.valueOf(e.getValue())));
  }

  @Test
  void registersAFailOpenSideEffectFreeV1WebhookForPodsInLabelledNamespaces() {
    Rendered rendered = Helm.render();
    MutatingWebhook webhook = webhook(rendered);
    Service service = one(rendered, "Service", Service.class);

    assertThat(webhook.getAdmissionReviewVersions()).containsExactly("v1");
    assertThat(webhook.getSideEffects()).isEqualTo("None");
    assertThat(webhook.getFailurePolicy()).isEqualTo("Ignore");
    assertThat(webhook.getTimeoutSeconds()).isEqualTo(5);
    assertThat(webhook.getNamespaceSelector().getMatchLabels())
        .containsExactlyEntriesOf(Map.of("traceableai-inject-tme", "enabled"));
    assertThat(webhook.getRules()).hasSize(1);
    assertThat(webhook.getRules().get(0).getResources()).containsExactly("pods");
    assertThat(webhook.getRules().get(0).getOperations()).containsExactly("CREATE");
    var target = webhook.getClientConfig().getService();
    assertThat(target.getName()).isEqualTo(service.getMetadata().getName());
    assertThat(target.getNamespace()).isEqualTo(Helm.NAMESPACE);
    assertThat(target.getPath()).isEqualTo("/mutate");
    assertThat(target.getPort()).isEqualTo(service.getSpec().getPorts().get(0).getPort());
  }

  @Test
  void theCaBundleSignsTheServingCertificateForTheServiceName() throws Exception {
    Rendered rendered = Helm.render();
    Secret secret = one(rendered, "Secret", Secret.class);
    CertificateFactory x509 = CertificateFactory.getInstance("X.509");
    X509Certificate ca =
        (X509Certificate)
            x509.generateCertificate(
                new ByteArrayInputStream(
                    Base64.getDecoder().decode(webhook(rendered).getClientConfig().getCaBundle())));
    X509Certificate serving =
        (X509Certificate)
            x509.generateCertificate(
                new ByteArrayInputStream(
                    Base64.getDecoder().decode(secret.getData().get("tls.crt"))));

    assertThat(secret.getType()).isEqualTo("kubernetes.io/tls");
    serving.verify(ca.getPublicKey());
    assertThat(serving.getSubjectAlternativeNames().stream().map(n -> String.valueOf(n.get(1))))
        .contains(SERVICE_DNS, INJECTOR);
    String key =
        new String(
            Base64.getDecoder().decode(secret.getData().get("tls.key")), StandardCharsets.US_ASCII);
    // the injector reads PKCS#1 RSA keys (what genSignedCert writes) and PKCS#8
    assertThat(key).containsAnyOf("BEGIN RSA PRIVATE KEY", "BEGIN PRIVATE KEY");
  }

  @Test
  void theInjectorRunsWithItsSecretAndTemplateMountedWhereItsSettingsPoint() {
    Rendered rendered = Helm.render();
    Deployment deployment = one(rendered, "Deployment", Deployment.class);
    var pod = deployment.getSpec().getTemplate().getSpec();
    Container injector = pod.getContainers().get(0);
    Map<String, String> env = env(injector);
    Map<String, String> mounts =
        injector.getVolumeMounts().stream()
            .collect(Collectors.toMap(m -> m.getName(), m -> m.getMountPath()));
    Map<String, Volume> volumes =
        pod.getVolumes().stream().collect(Collectors.toMap(Volume::getName, v -> v));

    assertThat(injector.getArgs()).containsExactly("injector");
    assertThat(env.get("TME_INJECTOR_TLS_CERT_FILE")).isEqualTo(mounts.get("tls") + "/tls.crt");
    assertThat(env.get("TME_INJECTOR_TLS_KEY_FILE")).isEqualTo(mounts.get("tls") + "/tls.key");
    assertThat(env.get("TME_INJECTOR_TEMPLATE_FILE"))
        .isEqualTo(mounts.get("template") + "/sidecar.yaml");
    assertThat(volumes.get("tls").getSecret().getSecretName())
        .isEqualTo(one(rendered, "Secret", Secret.class).getMetadata().getName());
    assertThat(volumes.get("template").getConfigMap().getName())
        .isEqualTo(one(rendered, "ConfigMap", ConfigMap.class).getMetadata().getName());
    assertThat(injector.getReadinessProbe().getHttpGet().getScheme()).isEqualTo("HTTPS");
    assertThat(injector.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/healthz");
    assertThat(injector.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
    assertThat(pod.getAutomountServiceAccountToken()).isFalse();
  }

  @Test
  void theInjectorGetsAnAccountWithoutTokenOrRoles() {
    Rendered rendered = Helm.render();

    assertThat(
            one(rendered, "ServiceAccount", ServiceAccount.class).getAutomountServiceAccountToken())
        .isFalse();
    assertThat(rendered.kinds())
        .doesNotContain("Role", "ClusterRole", "RoleBinding", "ClusterRoleBinding");
  }

  @Test
  void injectsALockedDownSidecarProbedOnItsManagementPort() {
    Container tme = injectedContainer(Helm.render());

    assertThat(tme.getName()).isEqualTo("tme");
    assertThat(tme.getPorts()).extracting(p -> p.getContainerPort()).containsExactly(5442, 7626);
    assertThat(tme.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/alive");
    assertThat(tme.getLivenessProbe().getHttpGet().getPort().getIntVal()).isEqualTo(7626);
    assertThat(tme.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/ready");
    assertThat(tme.getReadinessProbe().getHttpGet().getPort().getIntVal()).isEqualTo(7626);
    var security = tme.getSecurityContext();
    assertThat(security.getRunAsNonRoot()).isTrue();
    assertThat(security.getReadOnlyRootFilesystem()).isTrue();
    assertThat(security.getAllowPrivilegeEscalation()).isFalse();
    assertThat(security.getCapabilities().getDrop()).containsExactly("ALL");
    assertThat(tme.getResources().getLimits()).containsKeys("cpu", "memory");
    assertThat(env(tme))
        .containsEntry("TME_BLOCKING_STATUS_CODE", "403")
        .containsEntry("TME_BLOCKING_MESSAGE", "Access Forbidden")
        .containsEntry("TME_ENGINE_MODE", "block")
        .containsEntry("TME_GRPC_PORT", "5442")
        .containsEntry("TME_MANAGEMENT_PORT", "7626");
  }

  @Test
  void injectorBlockingConfigOverridesTheTopLevelBlockingValues() {
    assertThat(env(injectedContainer(Helm.render("ci/fail-closed-values.yaml"))))
        .containsEntry("TME_BLOCKING_STATUS_CODE", "429")
        .containsEntry("TME_BLOCKING_MESSAGE", "Too many attacks")
        .containsEntry("TME_ENGINE_MODE", "monitor");
    assertThat(
            env(
                injectedContainer(
                    Helm.render(
                        Helm.CHART,
                        List.of(),
                        List.of("blockingStatusCode=451", "blockingMessage=Unavailable here")))))
        .containsEntry("TME_BLOCKING_STATUS_CODE", "451")
        .containsEntry("TME_BLOCKING_MESSAGE", "Unavailable here");
  }

  @Test
  void theTemplateAsksToKeepIstioCaptureOffTheGrpcPort() {
    ConfigMap template = one(Helm.render(), "ConfigMap", ConfigMap.class);
    var annotations = Helm.readYaml(template.getData().get("sidecar.yaml")).path("annotations");

    assertThat(annotations.path("traffic.sidecar.istio.io/excludeInboundPorts").asText())
        .contains("5442");
    assertThat(annotations.path("traffic.sidecar.istio.io/excludeOutboundPorts").asText())
        .contains("5442");
  }

  @Test
  void withCertManagerTheCertificateFeedsTheSecretAndTheCaBundleIsInjected() {
    Rendered rendered = Helm.render("ci/cert-manager-values.yaml");
    MutatingWebhookConfiguration config =
        one(rendered, "MutatingWebhookConfiguration", MutatingWebhookConfiguration.class);
    IstioModel.Certificate certificate =
        IstioModel.read(rendered.one("Certificate"), IstioModel.Certificate.class);
    Deployment deployment = one(rendered, "Deployment", Deployment.class);

    assertThat(rendered.ofKind("Secret")).isEmpty();
    assertThat(rendered.ofKind("Issuer")).isEmpty();
    assertThat(config.getMetadata().getAnnotations())
        .containsEntry(
            "cert-manager.io/inject-ca-from", Helm.NAMESPACE + "/" + certificate.metadata().name());
    assertThat(config.getWebhooks().get(0).getClientConfig().getCaBundle()).isNull();
    assertThat(certificate.spec().dnsNames()).contains(SERVICE_DNS);
    assertThat(certificate.spec().issuerRef().name()).isEqualTo("internal-ca");
    assertThat(certificate.spec().issuerRef().kind())
        .isEqualTo(IstioModel.IssuerKind.ClusterIssuer);
    assertThat(certificate.spec().privateKey().encoding()).isEqualTo(IstioModel.KeyEncoding.PKCS8);
    assertThat(deployment.getSpec().getTemplate().getSpec().getVolumes())
        .filteredOn(v -> v.getSecret() != null)
        .anySatisfy(
            v ->
                assertThat(v.getSecret().getSecretName())
                    .isEqualTo(certificate.spec().secretName()));
  }

  @Test
  void withCertManagerAndNoIssuerASelfSignedIssuerIsCreated() {
    Rendered rendered =
        Helm.render(Helm.CHART, List.of(), List.of("injector.tls.certManager.enabled=true"));
    IstioModel.Issuer issuer = IstioModel.read(rendered.one("Issuer"), IstioModel.Issuer.class);
    IstioModel.Certificate certificate =
        IstioModel.read(rendered.one("Certificate"), IstioModel.Certificate.class);

    assertThat(issuer.spec().selfSigned()).isNotNull();
    assertThat(certificate.spec().issuerRef().name()).isEqualTo(issuer.metadata().name());
  }
}
