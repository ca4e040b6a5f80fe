package ai.traceable.tme.server;

import static ai.traceable.tme.server.ExtProcClient.requestBody;
import static ai.traceable.tme.server.ExtProcClient.requestHeaders;
import static ai.traceable.tme.server.ExtProcClient.responseBody;
import static ai.traceable.tme.server.ExtProcClient.responseHeaders;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.traceable.tme.capture.OtlpReceiver;
import ai.traceable.tme.capture.SpanAttributes;
import ai.traceable.tme.engine.EngineMode;
import ai.traceable.tme.rules.RulesLoader;
import io.envoyproxy.envoy.service.ext_proc.v3.ProcessingResponse;
import io.grpc.Status;
import io.opentelemetry.proto.trace.v1.Span;
import java.time.Duration;
import java.util.Map;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The response phase through the real port: a data leak found in monitor, block and redact mode,
 * and the whole exchange arriving as one span, decoded with the official OpenTelemetry classes.
 */
class ExtProcExchangeIT {
  private static final ActorTestKit receiverKit = ActorTestKit.create("otlp-receiver-extproc");
  private static final String LEAKY =
      "{\"name\":\"Ann\",\"card\":\"4111 1111 1111 1111\",\"token\":\"s3cr3t\"}";

  @AfterAll
  static void stop() {
    receiverKit.shutdownTestKit();
  }

  private static TmeFixture start(String leakMode, Map<String, Object> extra) throws Exception {
    Map<String, Object> o = new java.util.HashMap<>(extra);
    o.put("tme.mode", "ext_proc");
    o.put("tme.response-inspection.mode", leakMode);
    return TmeFixture.start(o, RulesLoader.loadBundled().engine(EngineMode.BLOCK));
  }

  /** Request headers and body, response headers; returns the answer to the response body. */
  private static ProcessingResponse exchange(ExtProcClient.Exchange ex, String responseBody)
      throws Exception {
    ex.send(
        requestHeaders(
            "POST",
            "/api/users?id=7",
            Map.of("content-type", "application/json", "authorization", "Bearer abc"),
            false));
    assertThat(ex.send(requestBody("{\"id\":7,\"password\":\"hunter2\"}", true)).hasRequestBody())
        .isTrue();
    assertThat(
            ex.send(
                    responseHeaders(
                        200,
                        Map.of("content-type", "application/json", "set-cookie", "sid=xyz"),
                        false))
                .hasResponseHeaders())
        .isTrue();
    return ex.send(responseBody(responseBody, true));
  }

  @Test
  void monitorModeLetsALeakPassAndCapturesTheWholeExchangeAsOneSpan() throws Exception {
    try (OtlpReceiver receiver = new OtlpReceiver(receiverKit.system(), 0)) {
      Map<String, Object> capture = TmeFixture.captureTo(receiver.endpoint());
      try (TmeFixture tme = start("monitor", capture);
          ExtProcClient client = new ExtProcClient(tme.grpcAddress())) {
        ExtProcClient.Exchange ex = client.open();
        ProcessingResponse r = exchange(ex, LEAKY);
        assertThat(r.hasResponseBody()).isTrue();
        assertThat(r.getResponseBody().getResponse().hasBodyMutation()).isFalse();
        assertThat(
                r.getDynamicMetadata().getFieldsOrThrow("tme.response_decision").getStringValue())
            .isEqualTo("monitor");
        assertThat(
                r.getDynamicMetadata().getFieldsOrThrow("tme.response_rule_ids").getStringValue())
            .isEqualTo("leak-card-number");
        assertThat(ex.finish().getCode()).isEqualTo(Status.Code.OK);

        await().atMost(Duration.ofSeconds(20)).until(() -> receiver.spans.size() == 1);
        Span span = receiver.spans.get(0);
        assertThat(span.getName()).isEqualTo("tme.exchange POST");
        Map<String, String> a = SpanAttributes.of(span);
        assertThat(a)
            .containsEntry("http.method", "POST")
            .containsEntry("http.target", "/api/users?id=7")
            .containsEntry("http.request.header.authorization", "[REDACTED]")
            .containsEntry("http.status_code", "200")
            .containsEntry("http.response.header.content-type", "application/json")
            .containsEntry("http.response.header.set-cookie", "[REDACTED]")
            .containsEntry("http.response.body.truncated", "false")
            .containsEntry("tme.decision", "allow")
            .containsEntry("tme.response.decision", "monitor")
            .containsEntry("tme.response.rule_ids", "leak-card-number")
            .containsEntry("tme.response.categories", "pii")
            .doesNotContainKey("http.response.header.:status");
        assertThat(a.get("http.request.body")).contains("\"id\"").doesNotContain("hunter2");
        assertThat(a.get("http.response.body")).contains("Ann").doesNotContain("s3cr3t");
        assertThat(Long.parseLong(a.get("tme.ext_proc.upstream_ns"))).isPositive();
        assertThat(Long.parseLong(a.get("tme.ext_proc.exchange_ns")))
            .isGreaterThanOrEqualTo(Long.parseLong(a.get("tme.ext_proc.upstream_ns")));
        assertThat(span.getEndTimeUnixNano()).isGreaterThanOrEqualTo(span.getStartTimeUnixNano());
      }
    }
  }

  @Test
  void blockModeReplacesALeakingResponse() throws Exception {
    try (TmeFixture tme = start("block", Map.of());
        ExtProcClient client = new ExtProcClient(tme.grpcAddress())) {
      ExtProcClient.Exchange ex = client.open();
      ProcessingResponse r = exchange(ex, LEAKY);
      assertThat(r.hasImmediateResponse()).isTrue();
      assertThat(r.getImmediateResponse().getStatus().getCodeValue()).isEqualTo(502);
      assertThat(r.getImmediateResponse().getBody().toStringUtf8())
          .isEqualTo("Bad Gateway")
          .doesNotContain("4111");

      ExtProcClient.Exchange clean = client.open();
      ProcessingResponse ok = exchange(clean, "{\"name\":\"Ann\"}");
      assertThat(ok.hasResponseBody()).isTrue();
      assertThat(ok.hasDynamicMetadata()).isFalse();
    }
  }

  @Test
  void redactModeMasksTheLeakInTheBodyAndKeepsItsLength() throws Exception {
    try (TmeFixture tme = start("redact", Map.of());
        ExtProcClient client = new ExtProcClient(tme.grpcAddress())) {
      ExtProcClient.Exchange ex = client.open();
      ProcessingResponse r = exchange(ex, LEAKY);
      assertThat(r.hasResponseBody()).isTrue();
      String body = r.getResponseBody().getResponse().getBodyMutation().getBody().toStringUtf8();
      assertThat(body)
          .isEqualTo("{\"name\":\"Ann\",\"card\":\"***************1111\",\"token\":\"s3cr3t\"}")
          .hasSameSizeAs(LEAKY);
    }
  }
}
