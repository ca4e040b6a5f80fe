package ai.traceable.tme.server;

import static ai.traceable.tme.server.ExtProcClient.requestBody;
import static ai.traceable.tme.server.ExtProcClient.requestHeaders;
import static ai.traceable.tme.server.ExtProcClient.responseBody;
import static ai.traceable.tme.server.ExtProcClient.responseHeaders;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.traceable.tme.engine.EngineMode;
import ai.traceable.tme.rules.RulesLoader;
import io.envoyproxy.envoy.extensions.filters.http.ext_proc.v3.ProcessingMode.BodySendMode;
import io.envoyproxy.envoy.service.ext_proc.v3.CommonResponse;
import io.envoyproxy.envoy.service.ext_proc.v3.ProcessingRequest;
import io.envoyproxy.envoy.service.ext_proc.v3.ProcessingResponse;
import io.envoyproxy.envoy.service.ext_proc.v3.ProtocolConfiguration;
import io.grpc.Status;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * ext_proc through the real gRPC port (the one ext_authz uses), one stream per HTTP request, with
 * Envoy's ext_proc messages as the filter sends them.
 */
class ExtProcIT {
  private static final String ATTACK = "/download?file=../../../../etc/passwd";
  private static final String CARD = "4111 1111 1111 1111";
  private static TmeFixture tme;

  @BeforeAll
  static void start() throws Exception {
    Map<String, Object> o = new HashMap<>();
    o.put("tme.blocking.status-code", 451);
    o.put("tme.blocking.message", "No entry");
    o.put("tme.mode", "ext_proc");
    tme = TmeFixture.start(o, RulesLoader.loadBundled().engine(EngineMode.BLOCK));
  }

  @AfterAll
  static void stop() throws Exception {
    tme.close();
  }

  private static ExtProcClient client() {
    return new ExtProcClient(tme.grpcAddress());
  }

  private static ProcessingRequest withModes(
      ProcessingRequest first, BodySendMode request, BodySendMode response) {
    return first.toBuilder()
        .setProtocolConfig(
            ProtocolConfiguration.newBuilder()
                .setRequestBodyMode(request)
                .setResponseBodyMode(response))
        .build();
  }

  @Test
  void allowsACleanRequestAndRemovesAForgedDecisionHeader() throws Exception {
    try (ExtProcClient client = client()) {
      ExtProcClient.Exchange ex = client.open();
      ProcessingResponse r =
          ex.send(requestHeaders("GET", "/products/7", Map.of("x-tme-decision", "monitor"), true));
      assertThat(r.hasRequestHeaders()).isTrue();
      CommonResponse common = r.getRequestHeaders().getResponse();
      assertThat(common.getStatus()).isEqualTo(CommonResponse.ResponseStatus.CONTINUE);
      assertThat(common.getHeaderMutation().getRemoveHeadersList())
          .containsExactly("x-tme-decision");
      ProcessingResponse resp = ex.send(responseHeaders(200, Map.of(), true));
      assertThat(resp.hasResponseHeaders()).isTrue();
      assertThat(ex.finish().getCode()).isEqualTo(Status.Code.OK);
    }
  }

  @Test
  void deniesAnAttackWithTheConfiguredStatusAndMessageAsAnImmediateResponse() throws Exception {
    try (ExtProcClient client = client()) {
      ExtProcClient.Exchange ex = client.open();
      ProcessingResponse r = ex.send(requestHeaders("GET", ATTACK, Map.of(), true));
      assertThat(r.hasImmediateResponse()).isTrue();
      assertThat(r.getImmediateResponse().getStatus().getCodeValue()).isEqualTo(451);
      assertThat(r.getImmediateResponse().getBody().toStringUtf8()).isEqualTo("No entry");
      assertThat(r.getDynamicMetadata().getFieldsOrThrow("tme.decision").getStringValue())
          .isEqualTo("deny");
      assertThat(r.getDynamicMetadata().getFieldsOrThrow("tme.rule_ids").getStringValue())
          .contains("traversal-");
      assertThat(ex.finish().getCode()).isEqualTo(Status.Code.OK);
    }
  }

  @Test
  void waitsForABufferedBodyAndDeniesAnAttackInIt() throws Exception {
    try (ExtProcClient client = client()) {
      ExtProcClient.Exchange ex = client.open();
      ProcessingResponse headers =
          ex.send(
              requestHeaders(
                  "POST",
                  "/search",
                  Map.of("content-type", "application/x-www-form-urlencoded"),
                  false));
      assertThat(headers.hasRequestHeaders()).isTrue(); // not decided yet: the body is coming
      ProcessingResponse body =
          ex.send(requestBody("q=1' UNION SELECT password FROM users--", true));
      assertThat(body.hasImmediateResponse()).isTrue();
      assertThat(body.getImmediateResponse().getStatus().getCodeValue()).isEqualTo(451);
    }
  }

  @Test
  void decidesABufferedPartialBodyOnItsOnlyMessage() throws Exception {
    try (ExtProcClient client = client()) {
      ExtProcClient.Exchange ex = client.open();
      ex.send(
          withModes(
              requestHeaders("POST", "/notes", Map.of("content-type", "text/plain"), false),
              BodySendMode.BUFFERED_PARTIAL,
              BodySendMode.NONE));
      // Envoy's buffer filled: the first part arrives without end_of_stream and is all there is
      ProcessingResponse body = ex.send(requestBody("just some notes", false));
      assertThat(body.hasRequestBody()).isTrue();
      ProcessingResponse resp = ex.send(responseHeaders(200, Map.of(), false));
      assertThat(resp.hasResponseHeaders()).isTrue(); // response body mode NONE: done here
      assertThat(ex.finish().getCode()).isEqualTo(Status.Code.OK);
    }
  }

  @Test
  void decidesStreamedBodiesAtTheirEndAndHeadersOnlyModesAtTheHeaders() throws Exception {
    try (ExtProcClient client = client()) {
      ExtProcClient.Exchange streamed = client.open();
      streamed.send(
          withModes(
              requestHeaders("POST", "/upload", Map.of("content-type", "text/plain"), false),
              BodySendMode.STREAMED,
              BodySendMode.STREAMED));
      assertThat(streamed.send(requestBody("harmless ", false)).hasRequestBody()).isTrue();
      ProcessingResponse last =
          streamed.send(requestBody("<script>alert(document.cookie)</script>", true));
      assertThat(last.hasImmediateResponse()).isTrue();

      ExtProcClient.Exchange headersOnly = client.open();
      ProcessingResponse r =
          headersOnly.send(
              withModes(
                  requestHeaders("POST", ATTACK, Map.of(), false),
                  BodySendMode.NONE,
                  BodySendMode.NONE));
      assertThat(r.hasImmediateResponse()).isTrue();
    }
  }

  @Test
  void answersMessagesOutOfOrderWithAClearGrpcError() throws Exception {
    try (ExtProcClient client = client()) {
      ExtProcClient.Exchange first = client.open();
      first.send(responseHeaders(200, Map.of(), true));
      Status status = first.status();
      assertThat(status.getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
      assertThat(status.getDescription())
          .isEqualTo(
              "ext_proc message out of order: response_headers received before request_headers;"
                  + " expected request_headers");

      ExtProcClient.Exchange twice = client.open();
      twice.send(requestHeaders("GET", "/a", Map.of(), true));
      twice.send(requestHeaders("GET", "/a", Map.of(), true));
      assertThat(twice.status().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
      assertThat(twice.status().getDescription())
          .contains("request_headers received after the request was decided");

      ExtProcClient.Exchange empty = client.open();
      empty.send(ProcessingRequest.getDefaultInstance());
      assertThat(empty.status().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    }
  }

  @Test
  void aStreamCancelledMidExchangeGivesItsSlotBackAtOnce() throws Exception {
    try (ExtProcClient client = client()) {
      ExtProcClient.Exchange ex = client.open();
      ex.send(requestHeaders("POST", "/orders", Map.of("content-type", "application/json"), false));
      assertThat(tme.server().connections().checksInFlight()).isEqualTo(1);
      assertThat(openStreams()).isEqualTo(1);
      ex.cancel();
      await()
          .atMost(Duration.ofSeconds(5))
          .until(() -> tme.server().connections().checksInFlight() == 0 && openStreams() == 0);
      assertThat(outcomes("abandoned")).isGreaterThanOrEqualTo(1);
    }
  }

  @Test
  void checksAreStillAnsweredOnTheSamePortInExtProcMode() throws Exception {
    // grpc-java sends END_STREAM in a frame of its own, so in ext_proc mode its Checks are
    // collected before decoding instead of arriving whole (see tme.mode)
    long before = tme.server().fastPathCalls() + tme.server().collectedBodyCalls();
    try (CheckClient checks = new CheckClient(tme.grpcAddress())) {
      assertThat(checks.check(Requests.get("/ok")).getStatus().getCode()).isZero();
      assertThat(checks.check(Requests.get(ATTACK)).getStatus().getCode())
          .isEqualTo(Status.Code.PERMISSION_DENIED.value());
    }
    assertThat(tme.server().fastPathCalls() + tme.server().collectedBodyCalls())
        .isEqualTo(before + 2);
  }

  private static int openStreams() {
    return stats().stream().mapToInt(ConnectionActor.Stats::openStreams).sum();
  }

  private static long outcomes(String outcome) {
    return stats().stream().mapToLong(s -> s.outcomes().getOrDefault(outcome, 0L)).sum();
  }

  private static java.util.List<ConnectionActor.Stats> stats() {
    var kit = org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit.create(tme.tme().system());
    java.util.List<ConnectionActor.Stats> all = new java.util.ArrayList<>();
    for (var actor : tme.server().connections().actors()) {
      TestProbe<ConnectionActor.Stats> probe = kit.createTestProbe();
      actor.tell(new ConnectionActor.GetStats(probe.getRef()));
      all.add(probe.receiveMessage(Duration.ofSeconds(5)));
    }
    return all;
  }

  static String card() {
    return CARD;
  }

  static ProcessingRequest leakyBody() {
    return responseBody("{\"name\":\"Ann\",\"card\":\"" + CARD + "\"}", true);
  }
}
