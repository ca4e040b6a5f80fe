package ai.traceable.tme.server;

import static ai.traceable.tme.server.ExtProcClient.raw;
import static ai.traceable.tme.server.ExtProcClient.requestBody;
import static ai.traceable.tme.server.ExtProcClient.requestHeaders;
import static ai.traceable.tme.server.ExtProcClient.responseBody;
import static ai.traceable.tme.server.ExtProcClient.responseHeaders;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.traceable.tme.engine.Decision;
import ai.traceable.tme.engine.Engine;
import ai.traceable.tme.engine.EngineMode;
import ai.traceable.tme.engine.inspect.RequestView;
import ai.traceable.tme.engine.inspect.TimeBudget;
import ai.traceable.tme.metrics.TmeMetrics;
import ai.traceable.tme.rules.RulesLoader;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import io.envoyproxy.envoy.config.core.v3.HeaderMap;
import io.envoyproxy.envoy.config.core.v3.HeaderValue;
import io.envoyproxy.envoy.extensions.filters.http.ext_proc.v3.ProcessingMode.BodySendMode;
import io.envoyproxy.envoy.service.ext_proc.v3.HttpHeaders;
import io.envoyproxy.envoy.service.ext_proc.v3.ProcessingRequest;
import io.envoyproxy.envoy.service.ext_proc.v3.ProcessingResponse;
import io.envoyproxy.envoy.service.ext_proc.v3.ProtocolConfiguration;
import io.grpc.Status;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Every way an ext_proc stream could end in a gRPC error (which Envoy's failure_mode_allow usually
 * lets through) instead of a decision, through the real port with Envoy's ext_proc messages: bytes
 * that are not UTF-8, metadata nested too deep, a body over the limit, an exchange larger than the
 * gRPC message limit, a message the engine cannot take, a slow evaluation, a stream past its
 * deadline, a stream over the in-flight limit. See docs/security.md, "ext_proc: every way to an
 * error".
 */
class ExtProcPartialIT {
  private static final String MARK = "MARKMARK";
  private static final String ATTACK = "/download?file=../../../../etc/passwd";
  private static final Set<String> evaluated = ConcurrentHashMap.newKeySet();

  /** The bundled rules, except on /throw (throws), /spin (runs out its budget), /block (waits). */
  private static Engine engine(CountDownLatch release) {
    Engine rules = RulesLoader.loadBundled().engine(EngineMode.BLOCK);
    return new Engine() {
      @Override
      public Decision evaluate(RequestView request) {
        return evaluate(request, TimeBudget.NONE);
      }

      @Override
      public Decision evaluate(RequestView request, TimeBudget budget) {
        evaluated.add(request.pathOnly());
        switch (request.pathOnly()) {
          case "/throw" -> throw new IllegalStateException("a value the engine cannot take");
          case "/spin" -> {
            long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (!budget.over() && System.nanoTime() - giveUp < 0) {
              Thread.onSpinWait();
            }
            return new Decision.Allow(List.of(), false, false, 0, budget.exhausted());
          }
          case "/block" -> {
            try {
              release.await(20, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          }
          default -> {}
        }
        return rules.evaluate(request, budget);
      }
    };
  }

  private static String meta(ProcessingResponse r, String key) {
    Value v = r.getDynamicMetadata().getFieldsMap().get(key);
    return v == null ? null : v.getStringValue();
  }

  private static double counter(TmeFixture tme, String name, String reason) {
    return TmeMetrics.get(tme.tme().system())
        .registry()
        .get(name)
        .tag("reason", reason)
        .counter()
        .count();
  }

  /** {@code message}'s encoding with the marker replaced by {@code hex} (as many bytes). */
  static byte[] withBytesAtMark(ProcessingRequest message, String hex) {
    byte[] in = message.toByteArray();
    byte[] mark = MARK.getBytes(StandardCharsets.US_ASCII);
    byte[] replacement = HexFormat.of().parseHex(hex);
    for (int i = 0; i + mark.length <= in.length; i++) {
      if (Arrays.equals(in, i, i + mark.length, mark, 0, mark.length)) {
        System.arraycopy(replacement, 0, in, i, replacement.length);
        return in;
      }
    }
    throw new AssertionError("marker not found");
  }

  private static ProcessingRequest withModes(ProcessingRequest first, BodySendMode response) {
    return first.toBuilder()
        .setProtocolConfig(
            ProtocolConfiguration.newBuilder()
                .setRequestBodyMode(BodySendMode.BUFFERED)
                .setResponseBodyMode(response))
        .build();
  }

  @Nested
  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  class WithOneEngineThreadAndDenyPolicies {
    private final CountDownLatch release = new CountDownLatch(1);
    private TmeFixture tme;
    private ExtProcClient client;

    @BeforeAll
    void start() throws Exception {
      Map<String, Object> o = new HashMap<>();
      o.put("tme.mode", "ext_proc");
      o.put("tme.blocking.status-code", 451);
      o.put("tme.engine.parallelism", 1);
      o.put("tme.engine.time-budget", "20ms");
      o.put("tme.check.on-over-budget", "deny");
      o.put("tme.check.on-oversized", "deny");
      o.put("tme.ext-proc.max-body-bytes", 1024);
      o.put("tme.grpc.max-request-bytes", 64 * 1024);
      tme = TmeFixture.start(o, engine(release));
      client = new ExtProcClient(tme.grpcAddress());
    }

    @AfterAll
    void stop() throws Exception {
      release.countDown();
      client.close();
      tme.close();
    }

    @Test
    void invalidUtf8InAHeaderValueSentAsAStringIsRepairedAndMarked() throws Exception {
      double before = counter(tme, "tme.check.partial", "invalid_utf8");
      ProcessingRequest headers =
          ProcessingRequest.newBuilder()
              .setRequestHeaders(
                  HttpHeaders.newBuilder()
                      .setHeaders(
                          HeaderMap.newBuilder()
                              .addHeaders(raw(":method", "GET"))
                              .addHeaders(raw(":path", "/a"))
                              .addHeaders(HeaderValue.newBuilder().setKey("x-name").setValue(MARK)))
                      .setEndOfStream(true))
              .build();
      ExtProcClient.Exchange ex = client.open();
      ProcessingResponse r = ex.sendBytes(withBytesAtMark(headers, "fffe474554474554"));
      assertThat(r).as("answered, not failed").isNotNull();
      assertThat(r.hasRequestHeaders()).isTrue();
      assertThat(meta(r, "tme.partial")).isEqualTo("invalid-utf8");
      assertThat(ex.send(responseHeaders(200, Map.of(), true)).hasResponseHeaders()).isTrue();
      assertThat(ex.finish().getCode()).isEqualTo(Status.Code.OK);
      PartialCheckIT.awaitCount(
          () -> counter(tme, "tme.check.partial", "invalid_utf8"), before + 1);
    }

    @Test
    void anAttackAfterBytesThatAreNotUtf8InARawValueIsStillDenied() throws Exception {
      ProcessingRequest headers =
          requestHeaders(
              "GET", "/download?file=" + MARK + "../../../../etc/passwd", Map.of(), true);
      ExtProcClient.Exchange ex = client.open();
      ProcessingResponse r = ex.sendBytes(withBytesAtMark(headers, "ff2e2e2fc0af2f2f"));
      assertThat(r.hasImmediateResponse()).isTrue();
      assertThat(r.getImmediateResponse().getStatus().getCodeValue()).isEqualTo(451);
      assertThat(meta(r, "tme.partial")).isEqualTo("invalid-utf8");
      assertThat(meta(r, "tme.rule_ids")).contains("traversal-");
    }

    @Test
    void attributesNestedTooDeepAreCutAndTheRequestDecided() throws Exception {
      Struct deep = Struct.getDefaultInstance();
      for (int i = 0; i < 120; i++) {
        deep =
            Struct.newBuilder()
                .putFields("n", Value.newBuilder().setStructValue(deep).build())
                .build();
      }
      ProcessingRequest headers =
          requestHeaders("GET", ATTACK, Map.of(), true).toBuilder()
              .putAttributes(ExtProcRequests.ATTRIBUTES, deep)
              .build();
      ExtProcClient.Exchange ex = client.open();
      ProcessingResponse r = ex.send(headers);
      assertThat(r.hasImmediateResponse()).isTrue();
      assertThat(meta(r, "tme.partial")).isEqualTo("too-deep");
    }

    @Test
    void aBodyOverTheLimitIsMarkedTruncatedAndDeniedUnderOnOversizedDeny() throws Exception {
      double before = counter(tme, "tme.check.partial", "truncated");
      ExtProcClient.Exchange ex = client.open();
      ex.send(requestHeaders("POST", "/notes", Map.of("content-type", "text/plain"), false));
      ProcessingResponse r = ex.send(requestBody("a".repeat(4096), true));
      assertThat(r.hasImmediateResponse()).isTrue();
      assertThat(meta(r, "tme.partial")).isEqualTo("truncated");
      assertThat(meta(r, "tme.decision")).isEqualTo("deny");
      PartialCheckIT.awaitCount(() -> counter(tme, "tme.check.partial", "truncated"), before + 1);
    }

    @Test
    void anExchangeLargerThanTheGrpcMessageLimitIsServedToTheEnd() throws Exception {
      ExtProcClient.Exchange ex = client.open();
      ex.send(withModes(requestHeaders("GET", "/big", Map.of(), true), BodySendMode.STREAMED));
      assertThat(ex.send(responseHeaders(200, Map.of(), false)).hasResponseHeaders()).isTrue();
      String chunk = "b".repeat(16 * 1024);
      for (int i = 0; i < 7; i++) { // 112 KiB over one stream, the limit per message is 64 KiB
        assertThat(ex.send(responseBody(chunk, false))).isNotNull();
      }
      assertThat(ex.send(responseBody(chunk, true)).hasResponseBody()).isTrue();
      assertThat(ex.finish().getCode()).isEqualTo(Status.Code.OK);
    }

    @Test
    void aMessageTheEngineCannotTakeGetsTheOnErrorDecisionAndTheExchangePasses() throws Exception {
      double before = counter(tme, "tme.check.failures", "fail_open");
      ExtProcClient.Exchange ex = client.open();
      ProcessingResponse r = ex.send(requestHeaders("GET", "/throw", Map.of(), true));
      assertThat(r.hasRequestHeaders()).isTrue();
      assertThat(meta(r, "tme.decision")).isEqualTo("fail-open");
      // fail-open lets the rest of the exchange pass unexamined
      assertThat(ex.send(responseHeaders(200, Map.of(), false)).hasResponseHeaders()).isTrue();
      assertThat(ex.send(responseBody("y", true)).hasResponseBody()).isTrue();
      assertThat(ex.finish().getCode()).isEqualTo(Status.Code.OK);
      PartialCheckIT.awaitCount(() -> counter(tme, "tme.check.failures", "fail_open"), before + 1);
    }

    @Test
    void anEvaluationOverItsBudgetIsDecidedUnderItsPolicy() throws Exception {
      double before = counter(tme, "tme.check.partial", "over_budget");
      ExtProcClient.Exchange ex = client.open();
      ProcessingResponse r = ex.send(requestHeaders("GET", "/spin", Map.of(), true));
      assertThat(r.hasImmediateResponse()).isTrue();
      assertThat(meta(r, "tme.partial")).isEqualTo("over-budget");
      PartialCheckIT.awaitCount(() -> counter(tme, "tme.check.partial", "over_budget"), before + 1);
    }

    @Test
    void deepJsonAndThousandsOfHeadersAreDecided() throws Exception {
      Map<String, String> many = new HashMap<>();
      for (int i = 0; i < 3000; i++) {
        many.put("x-h-" + i, "v" + i);
      }
      ExtProcClient.Exchange headers = client.open();
      ProcessingResponse r = headers.send(requestHeaders("GET", "/many", many, true));
      assertThat(r.hasRequestHeaders() || r.hasImmediateResponse()).isTrue();

      ExtProcClient.Exchange json = client.open();
      json.send(requestHeaders("POST", "/deep", Map.of("content-type", "application/json"), false));
      ProcessingResponse body = json.send(requestBody("[".repeat(1000), true));
      assertThat(body.hasRequestBody() || body.hasImmediateResponse()).isTrue();
      assertThat(json.finish().getCode()).isEqualTo(Status.Code.OK);
    }

    @Test
    void bytesThatAreNotProtobufAtAllEndTheStreamWithInvalidArgumentNotInternal() throws Exception {
      ExtProcClient.Exchange ex = client.open();
      ex.sendBytes(new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff});
      assertThat(ex.status().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    }

    @Test
    void aMessageQueuedPastTheStreamsDeadlineIsDroppedUnevaluated() throws Exception {
      double before = counter(tme, "tme.check.failures", "deadline_exceeded");
      ExtProcClient.Exchange blocker = client.open();
      blocker.call().sendMessage(requestHeaders("GET", "/block", Map.of(), true).toByteArray());
      await().atMost(Duration.ofSeconds(10)).until(() -> evaluated.contains("/block"));

      // the deadline leaves the stream ample time to open and queue its message behind the
      // blocker on a busy machine; only then does it pass
      ExtProcClient.Exchange late = client.open(2_000);
      late.call().sendMessage(requestHeaders("GET", "/late", Map.of(), true).toByteArray());
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> tme.server().connections().checksInFlight() >= 2);
      assertThat(late.status().getCode()).isEqualTo(Status.Code.DEADLINE_EXCEEDED);
      release.countDown();
      PartialCheckIT.awaitCount(
          () -> counter(tme, "tme.check.failures", "deadline_exceeded"), before + 1);
      assertThat(evaluated).doesNotContain("/late");
    }
  }

  @Nested
  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  class WithOneStreamPerConnectionAndFailClosed {
    private TmeFixture tme;
    private ExtProcClient client;

    @BeforeAll
    void start() throws Exception {
      Map<String, Object> o = new HashMap<>();
      o.put("tme.mode", "ext_proc");
      o.put("tme.connection.max-in-flight", 1);
      o.put("tme.check.on-overload", "deny");
      o.put("tme.engine.on-error", "deny");
      tme = TmeFixture.start(o, engine(new CountDownLatch(0)));
      client = new ExtProcClient(tme.grpcAddress());
    }

    @AfterAll
    void stop() throws Exception {
      client.close();
      tme.close();
    }

    @BeforeEach
    void previousStreamsGaveTheirSlotBack() {
      await()
          .atMost(Duration.ofSeconds(5))
          .until(() -> tme.server().connections().checksInFlight() == 0);
    }

    @Test
    void aStreamOverTheInFlightLimitIsDeniedWhenThePolicySaysSo() throws Exception {
      ExtProcClient.Exchange holding = client.open();
      holding.send(requestHeaders("POST", "/orders", Map.of("content-type", "text/plain"), false));

      ExtProcClient.Exchange refused = client.open();
      ProcessingResponse r = refused.send(requestHeaders("GET", "/next", Map.of(), true));
      assertThat(r.hasImmediateResponse()).isTrue();
      assertThat(r.getImmediateResponse().getStatus().getCodeValue()).isEqualTo(403);
      assertThat(meta(r, "tme.decision")).isEqualTo("fail-closed");
      assertThat(refused.status().getCode()).isEqualTo(Status.Code.OK);
      holding.cancel();
    }

    @Test
    void aMessageTheEngineCannotTakeIsDeniedWhenOnErrorIsDeny() throws Exception {
      ExtProcClient.Exchange ex = client.open();
      ProcessingResponse r = ex.send(requestHeaders("GET", "/throw", Map.of(), true));
      assertThat(r.hasImmediateResponse()).isTrue();
      assertThat(meta(r, "tme.decision")).isEqualTo("fail-closed");
      assertThat(ex.finish().getCode()).isEqualTo(Status.Code.OK);
    }

    @Test
    void aRequestDecidedOnlyWhenItsResponseCameIsExportedAsALateDecision() throws Exception {
      ExtProcClient.Exchange ex = client.open();
      // tme waits for a body (buffered by default); Envoy skips it and sends the response
      ex.send(requestHeaders("POST", "/no-body", Map.of("content-type", "text/plain"), false));
      assertThat(ex.send(responseHeaders(200, Map.of(), true)).hasResponseHeaders()).isTrue();
      assertThat(ex.finish().getCode()).isEqualTo(Status.Code.OK);
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> MetricsScrape.value(tme, "tme_ext_proc_late_decisions_total") == 1.0);
    }
  }
}
