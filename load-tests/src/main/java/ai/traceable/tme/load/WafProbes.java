package ai.traceable.tme.load;

import io.envoyproxy.envoy.service.auth.v3.CheckRequest;
import io.envoyproxy.envoy.service.auth.v3.CheckResponse;
import java.util.List;

/**
 * The requests that show a WAF is really on before its CPU is measured, so that a misconfigured one
 * (rules not loaded, engine off) cannot look fast: attacks both WAFs must deny, one of them
 * something only CRS denies (tme's own detectors let it through, so its denial proves CRS runs
 * inside tme). Stateless.
 */
final class WafProbes {
  /** An attack and what it tests. */
  record Probe(String name, CheckRequest request) {}

  /** Script injection in a query parameter: CRS's 941 rules (and tme's XSS detector). */
  static final Probe XSS =
      new Probe(
          "script tag in the query",
          browser(
                  EnvoyRequests.get(
                      "/search?q=%3Cscript%3Ealert(document.cookie)%3C%2Fscript%3E&page=1"))
              .build());

  /**
   * A body with a Content-Type outside CRS's {@code tx.allowed_request_content_type} (rule 920420,
   * critical at paranoia 1); tme's detectors have no such policy.
   */
  static final Probe CONTENT_TYPE =
      new Probe(
          "content type CRS does not allow (920420)",
          browser(EnvoyRequests.request("POST", "/api/v1/import"))
              .header("content-type", "application/x-probe-format")
              .body("id=1&name=probe")
              .build());

  /** Every attack, in the order they are sent. */
  static final List<Probe> ATTACKS = List.of(XSS, CONTENT_TYPE);

  private WafProbes() {}

  /** The rule ids tme reports in a response's {@code tme.rule_ids}, or "" when none. */
  static String ruleIds(CheckResponse response) {
    var value = response.getDynamicMetadata().getFieldsMap().get("tme.rule_ids");
    return value == null ? "" : value.getStringValue();
  }

  private static EnvoyRequests.Builder browser(EnvoyRequests.Builder request) {
    return request
        .host("shop.example.com")
        .header(
            "user-agent",
            "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko)"
                + " Chrome/131.0.0.0 Safari/537.36")
        .header("accept", "text/html,application/xhtml+xml,*/*;q=0.8")
        .header("accept-language", "en-GB,en;q=0.9");
  }
}
