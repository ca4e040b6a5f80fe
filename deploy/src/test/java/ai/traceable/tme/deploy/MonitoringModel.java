package ai.traceable.tme.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/**
 * The fields of the Prometheus Operator's PodMonitor and ServiceMonitor (monitoring.coreos.com/v1),
 * as records read strictly like {@link IstioModel}: written from the CRDs' field lists at the
 * levels the chart uses; deeper parts the chart never sets (TLS, auth, relabelling) stay JSON.
 */
final class MonitoringModel {
  private static final Map<String, Class<?>> CLASSES =
      Map.of(
          "monitoring.coreos.com/v1/PodMonitor", PodMonitor.class,
          "monitoring.coreos.com/v1/ServiceMonitor", ServiceMonitor.class);

  private MonitoringModel() {}

  static boolean covers(JsonNode object) {
    return CLASSES.containsKey(key(object));
  }

  static Object read(JsonNode object) {
    return IstioModel.read(object, CLASSES.get(key(object)));
  }

  private static String key(JsonNode object) {
    return object.path("apiVersion").asText() + "/" + object.path("kind").asText();
  }

  record PodMonitor(
      String apiVersion, String kind, IstioModel.Meta metadata, PodMonitorSpec spec) {}

  record PodMonitorSpec(
      String jobLabel,
      List<String> podTargetLabels,
      List<PodMetricsEndpoint> podMetricsEndpoints,
      Selector selector,
      String selectMechanism,
      NamespaceSelector namespaceSelector,
      Long sampleLimit,
      Long targetLimit,
      List<String> scrapeProtocols,
      String fallbackScrapeProtocol,
      Long labelLimit,
      Long labelNameLengthLimit,
      Long labelValueLengthLimit,
      Boolean scrapeClassicHistograms,
      Long nativeHistogramBucketLimit,
      String nativeHistogramMinBucketFactor,
      Boolean convertClassicHistogramsToNHCB,
      Long keepDroppedTargets,
      JsonNode attachMetadata,
      String scrapeClass,
      String bodySizeLimit) {}

  record PodMetricsEndpoint(
      String port,
      Integer portNumber,
      JsonNode targetPort,
      String path,
      String scheme,
      Map<String, List<String>> params,
      String interval,
      String scrapeTimeout,
      Boolean honorLabels,
      Boolean honorTimestamps,
      Boolean trackTimestampsStaleness,
      List<JsonNode> metricRelabelings,
      List<JsonNode> relabelings,
      JsonNode authorization,
      JsonNode basicAuth,
      JsonNode oauth2,
      JsonNode bearerTokenSecret,
      JsonNode tlsConfig,
      String proxyUrl,
      String noProxy,
      Boolean proxyFromEnvironment,
      JsonNode proxyConnectHeader,
      Boolean followRedirects,
      Boolean enableHttp2,
      Boolean filterRunning) {}

  record ServiceMonitor(
      String apiVersion, String kind, IstioModel.Meta metadata, ServiceMonitorSpec spec) {}

  record ServiceMonitorSpec(
      String jobLabel,
      List<String> targetLabels,
      List<String> podTargetLabels,
      List<Endpoint> endpoints,
      Selector selector,
      String selectMechanism,
      NamespaceSelector namespaceSelector,
      Long sampleLimit,
      List<String> scrapeProtocols,
      String fallbackScrapeProtocol,
      Long targetLimit,
      Long labelLimit,
      Long labelNameLengthLimit,
      Long labelValueLengthLimit,
      Boolean scrapeClassicHistograms,
      Long nativeHistogramBucketLimit,
      String nativeHistogramMinBucketFactor,
      Boolean convertClassicHistogramsToNHCB,
      Long keepDroppedTargets,
      JsonNode attachMetadata,
      String scrapeClass,
      String bodySizeLimit) {}

  record Endpoint(
      String port,
      JsonNode targetPort,
      String path,
      String scheme,
      Map<String, List<String>> params,
      String interval,
      String scrapeTimeout,
      JsonNode tlsConfig,
      String bearerTokenFile,
      JsonNode bearerTokenSecret,
      JsonNode authorization,
      Boolean honorLabels,
      Boolean honorTimestamps,
      Boolean trackTimestampsStaleness,
      JsonNode basicAuth,
      JsonNode oauth2,
      List<JsonNode> metricRelabelings,
      List<JsonNode> relabelings,
      String proxyUrl,
      String noProxy,
      Boolean proxyFromEnvironment,
      JsonNode proxyConnectHeader,
      Boolean followRedirects,
      Boolean enableHttp2,
      Boolean filterRunning) {}

  record Selector(Map<String, String> matchLabels, List<JsonNode> matchExpressions) {}

  record NamespaceSelector(Boolean any, List<String> matchNames) {}
}
