package ai.traceable.tme.deploy;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;

/**
 * The fields of the Istio and cert-manager resources the chart renders, as records read strictly
 * (an unknown field or enum value fails). Written from the CRDs' field lists (Istio 1.22 and later:
 * networking/v1alpha3 EnvoyFilter, networking/v1 ServiceEntry, security/v1 AuthorizationPolicy;
 * cert-manager.io/v1 Issuer and Certificate), covering every field those versions define at the
 * levels the chart uses. Envoy's own configuration inside an EnvoyFilter ({@code patch.value}) is
 * left as JSON here and checked by {@link EnvoyConfig}.
 */
final class IstioModel {
  static final ObjectMapper STRICT =
      new ObjectMapper()
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
          .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY);

  private static final Map<String, Class<?>> CLASSES =
      Map.of(
          "networking.istio.io/v1alpha3/EnvoyFilter", EnvoyFilter.class,
          "networking.istio.io/v1/ServiceEntry", ServiceEntry.class,
          "security.istio.io/v1/AuthorizationPolicy", AuthorizationPolicy.class,
          "cert-manager.io/v1/Issuer", Issuer.class,
          "cert-manager.io/v1/Certificate", Certificate.class);

  private IstioModel() {}

  static boolean covers(JsonNode object) {
    return CLASSES.containsKey(key(object));
  }

  static Object read(JsonNode object) {
    Class<?> type = CLASSES.get(key(object));
    if (type == null) {
      throw new AssertionError("no model for " + key(object));
    }
    return read(object, type);
  }

  static <T> T read(JsonNode object, Class<T> type) {
    try {
      return STRICT.treeToValue(object, type);
    } catch (Exception e) {
      throw new AssertionError(
          key(object)
              + " "
              + object.at("/metadata/name").asText()
              + " is not a valid "
              + type.getSimpleName()
              + ": "
              + e.getMessage(),
          e);
    }
  }

  private static String key(JsonNode object) {
    return object.path("apiVersion").asText() + "/" + object.path("kind").asText();
  }

  /** Metadata as the chart writes it. */
  record Meta(
      String name, String namespace, Map<String, String> labels, Map<String, String> annotations) {}

  // ---- networking.istio.io/v1alpha3 EnvoyFilter

  record EnvoyFilter(String apiVersion, String kind, Meta metadata, EnvoyFilterSpec spec) {}

  record EnvoyFilterSpec(
      WorkloadSelector workloadSelector,
      List<JsonNode> targetRefs,
      List<ConfigPatch> configPatches,
      Integer priority) {}

  record WorkloadSelector(Map<String, String> labels) {}

  record ConfigPatch(ApplyTo applyTo, Match match, Patch patch) {}

  enum ApplyTo {
    INVALID,
    LISTENER,
    FILTER_CHAIN,
    NETWORK_FILTER,
    HTTP_FILTER,
    ROUTE_CONFIGURATION,
    VIRTUAL_HOST,
    HTTP_ROUTE,
    CLUSTER,
    EXTENSION_CONFIG,
    BOOTSTRAP,
    LISTENER_FILTER
  }

  record Match(
      PatchContext context,
      ProxyMatch proxy,
      ListenerMatch listener,
      JsonNode routeConfiguration,
      ClusterMatch cluster) {}

  enum PatchContext {
    ANY,
    SIDECAR_INBOUND,
    SIDECAR_OUTBOUND,
    GATEWAY
  }

  record ProxyMatch(String proxyVersion, Map<String, String> metadata) {}

  record ListenerMatch(
      Integer portNumber,
      String portName,
      FilterChainMatch filterChain,
      String listenerFilter,
      String name) {}

  record FilterChainMatch(
      String name,
      String sni,
      String transportProtocol,
      String applicationProtocols,
      FilterMatch filter,
      Integer destinationPort) {}

  record FilterMatch(String name, SubFilterMatch subFilter) {}

  record SubFilterMatch(String name) {}

  record ClusterMatch(Integer portNumber, String service, String subset, String name) {}

  record Patch(Operation operation, JsonNode value, FilterClass filterClass) {}

  enum Operation {
    INVALID,
    MERGE,
    ADD,
    REMOVE,
    INSERT_BEFORE,
    INSERT_AFTER,
    INSERT_FIRST,
    REPLACE
  }

  enum FilterClass {
    UNSPECIFIED,
    AUTHN,
    AUTHZ,
    STATS
  }

  // ---- networking.istio.io/v1 ServiceEntry

  record ServiceEntry(String apiVersion, String kind, Meta metadata, ServiceEntrySpec spec) {}

  record ServiceEntrySpec(
      List<String> hosts,
      List<String> addresses,
      List<ServicePort> ports,
      Location location,
      Resolution resolution,
      List<WorkloadEntry> endpoints,
      WorkloadSelector workloadSelector,
      List<String> exportTo,
      List<String> subjectAltNames) {}

  record ServicePort(Integer number, String protocol, String name, Integer targetPort) {}

  enum Location {
    MESH_EXTERNAL,
    MESH_INTERNAL
  }

  enum Resolution {
    NONE,
    STATIC,
    DNS,
    DNS_ROUND_ROBIN
  }

  record WorkloadEntry(
      String address,
      Map<String, Integer> ports,
      Map<String, String> labels,
      String network,
      String locality,
      Integer weight,
      String serviceAccount) {}

  // ---- security.istio.io/v1 AuthorizationPolicy

  record AuthorizationPolicy(
      String apiVersion, String kind, Meta metadata, AuthorizationPolicySpec spec) {}

  record AuthorizationPolicySpec(
      LabelSelector selector,
      JsonNode targetRef,
      List<JsonNode> targetRefs,
      List<Rule> rules,
      Action action,
      Provider provider) {}

  record LabelSelector(Map<String, String> matchLabels) {}

  enum Action {
    ALLOW,
    DENY,
    AUDIT,
    CUSTOM
  }

  record Provider(String name) {}

  record Rule(List<JsonNode> from, List<To> to, List<JsonNode> when) {}

  record To(RuleOperation operation) {}

  record RuleOperation(
      List<String> hosts,
      List<String> notHosts,
      List<String> ports,
      List<String> notPorts,
      List<String> methods,
      List<String> notMethods,
      List<String> paths,
      List<String> notPaths) {}

  // ---- cert-manager.io/v1

  record Issuer(String apiVersion, String kind, Meta metadata, IssuerSpec spec) {}

  record IssuerSpec(
      SelfSigned selfSigned, CaIssuer ca, JsonNode acme, JsonNode vault, JsonNode venafi) {}

  record SelfSigned(List<String> crlDistributionPoints) {}

  record CaIssuer(
      String secretName, List<String> crlDistributionPoints, List<String> ocspServers) {}

  record Certificate(String apiVersion, String kind, Meta metadata, CertificateSpec spec) {}

  record CertificateSpec(
      String secretName,
      String commonName,
      List<String> dnsNames,
      List<String> ipAddresses,
      List<String> uris,
      String duration,
      String renewBefore,
      Boolean isCA,
      List<Usage> usages,
      PrivateKey privateKey,
      IssuerRef issuerRef,
      JsonNode subject,
      JsonNode secretTemplate,
      Integer revisionHistoryLimit) {}

  enum Usage {
    @com.fasterxml.jackson.annotation.JsonProperty("signing")
    SIGNING,
    @com.fasterxml.jackson.annotation.JsonProperty("digital signature")
    DIGITAL_SIGNATURE,
    @com.fasterxml.jackson.annotation.JsonProperty("content commitment")
    CONTENT_COMMITMENT,
    @com.fasterxml.jackson.annotation.JsonProperty("key encipherment")
    KEY_ENCIPHERMENT,
    @com.fasterxml.jackson.annotation.JsonProperty("key agreement")
    KEY_AGREEMENT,
    @com.fasterxml.jackson.annotation.JsonProperty("data encipherment")
    DATA_ENCIPHERMENT,
    @com.fasterxml.jackson.annotation.JsonProperty("cert sign")
    CERT_SIGN,
    @com.fasterxml.jackson.annotation.JsonProperty("crl sign")
    CRL_SIGN,
    @com.fasterxml.jackson.annotation.JsonProperty("server auth")
    SERVER_AUTH,
    @com.fasterxml.jackson.annotation.JsonProperty("client auth")
    CLIENT_AUTH
  }

  record PrivateKey(
      KeyAlgorithm algorithm, Integer size, KeyEncoding encoding, RotationPolicy rotationPolicy) {}

  enum KeyAlgorithm {
    RSA,
    ECDSA,
    Ed25519
  }

  enum KeyEncoding {
    PKCS1,
    PKCS8
  }

  enum RotationPolicy {
    Never,
    Always
  }

  record IssuerRef(String name, IssuerKind kind, String group) {}

  enum IssuerKind {
    Issuer,
    ClusterIssuer
  }
}
