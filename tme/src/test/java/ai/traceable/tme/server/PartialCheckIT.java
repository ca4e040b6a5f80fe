package ai.traceable.tme.server;

import static org.assertj.core.api.Assertions.assertThat;

import ai.traceable.tme.engine.EngineMode;
import ai.traceable.tme.metrics.TmeMetrics;
import ai.traceable.tme.rules.RulesLoader;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import io.envoyproxy.envoy.config.core.v3.Metadata;
import io.envoyproxy.envoy.service.auth.v3.CheckRequest;
import io.envoyproxy.envoy.service.auth.v3.CheckResponse;
import io.grpc.Status;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Every request tme could once only answer with a gRPC error, which Envoy's failure_mode_allow
 * usually lets through, gets a decision instead, through the real port: invalid UTF-8, a message
 * over the size limit (plain or compressed), metadata nested too deep.
 */
class PartialCheckIT {
  private static final int MAX_BYTES = 64 * 1024;
  private static final String MARK = "MARKMARK";
  private static final int OK = Status.Code.OK.value();
  private static final int DENIED = Status.Code.PERMISSION_DENIED.value();

  private static TmeFixture start(Map<String, Object> extra) throws Exception {
    Map<String, Object> config = new HashMap<>(extra);
    config.put("tme.grpc.max-request-bytes", MAX_BYTES);
    return TmeFixture.start(config, RulesLoader.loadBundled().engine(EngineMode.BLOCK));
  }

  /** {@code check}'s encoding with the marker replaced by {@code hex} (as many bytes). */
  private static byte[] withBytesAtMark(CheckRequest check, String hex) {
    byte[] in = check.toByteArray();
    byte[] mark = MARK.getBytes(StandardCharsets.US_ASCII);
    byte[] replacement = HexFormat.of().parseHex(hex);
    assertThat(replacement).hasSameSizeAs(mark);
    for (int i = 0; i + mark.length <= in.length; i++) {
      if (Arrays.equals(in, i, i + mark.length, mark, 0, mark.length)) {
        System.arraycopy(replacement, 0, in, i, replacement.length);
        return in;
      }
    }
    throw new AssertionError("marker not found");
  }

  private static String partial(CheckResponse response) {
    Value v = response.getDynamicMetadata().getFieldsMap().get(CheckResponses.PARTIAL_KEY);
    return v == null ? null : v.getStringValue();
  }

  /** Invalid UTF-8 in the method: 0xff 0xfe, padded to the marker's length with "GETGET". */
  private static byte[] nonUtf8Header() {
    return withBytesAtMark(
        Requests.http("GET", "/a", Map.of("x-name", MARK), "10.0.0.1", null), "fffe474554474554");
  }

  private static byte[] nonUtf8Method() {
    return withBytesAtMark(
        Requests.http(MARK, "/a", Map.of(), "10.0.0.1", null), "fffe474554474554");
  }

  private static CheckRequest oversized(Map<String, String> headers, byte[] bodyStart) {
    byte[] body = Arrays.copyOf(bodyStart, MAX_BYTES + 1024);
    Arrays.fill(body, bodyStart.length, body.length, (byte) 'a');
    return Requests.http("POST", "/upload", headers, "10.0.0.1", body);
  }

  private static CheckRequest deeplyNestedMetadata() {
    Struct deep = Struct.getDefaultInstance();
    for (int i = 0; i < 60; i++) {
      deep =
          Struct.newBuilder()
              .putFields("n", Value.newBuilder().setStructValue(deep).build())
              .build();
    }
    CheckRequest base = Requests.get("/deep");
    return base.toBuilder()
        .setAttributes(
            base.getAttributes().toBuilder()
                .setMetadataContext(Metadata.newBuilder().putFilterMetadata("f", deep)))
        .build();
  }

  /** Checks are metered just after their answer is sent: wait for the count, bounded. */
  static void awaitCount(java.util.function.DoubleSupplier count, double expected) {
    org.awaitility.Awaitility.await()
        .atMost(java.time.Duration.ofSeconds(10))
        .untilAsserted(() -> assertThat(count.getAsDouble()).isEqualTo(expected));
  }

  @Nested
  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  class WithTheDefaultInspectPolicies {
    private TmeFixture tme;
    private CheckClient client;

    @BeforeAll
    void start() throws Exception {
      tme = PartialCheckIT.start(Map.of());
      client = new CheckClient(tme.grpcAddress());
    }

    @AfterAll
    void stop() throws Exception {
      client.close();
      tme.close();
    }

    private double partials(String reason) {
      return TmeMetrics.get(tme.tme().system())
          .registry()
          .get("tme.check.partial")
          .tag("reason", reason)
          .counter()
          .count();
    }

    @Test
    void invalidUtf8InAHeaderValueIsAllowedAndMarked() {
      double before = partials("invalid_utf8");
      CheckResponse response = client.checkRaw(nonUtf8Header());
      assertThat(response.getStatus().getCode()).isEqualTo(OK);
      assertThat(partial(response)).isEqualTo("invalid-utf8");
      awaitCount(() -> partials("invalid_utf8"), before + 1);
    }

    @Test
    void invalidUtf8InTheMethodIsMarkedAndDeniedAsAnUnusualMethod() {
      CheckResponse response = client.checkRaw(nonUtf8Method());
      assertThat(response.getStatus().getCode()).isEqualTo(DENIED);
      assertThat(partial(response)).isEqualTo("invalid-utf8");
    }

    @Test
    void anAttackInAHeaderValueWithInvalidUtf8IsDenied() {
      CheckRequest check =
          Requests.http(
              "GET",
              "/a",
              Map.of("x-q", "1' UNION SELECT password FROM users-- " + MARK),
              "10.0.0.1",
              null);
      CheckResponse response = client.checkRaw(withBytesAtMark(check, "c0afff2d2d2d2d2d"));
      assertThat(response.getStatus().getCode()).isEqualTo(DENIED);
      assertThat(partial(response)).isEqualTo("invalid-utf8");
    }

    @Test
    void aBinaryBodySentAsAStringIsInspectedByItsBytes() {
      CheckRequest check =
          Requests.withHttp(
              Requests.get("/search"),
              h ->
                  h.putHeaders("content-type", "application/x-www-form-urlencoded")
                      .setBody("q=1' UNION SELECT password FROM users-- " + MARK));
      CheckResponse response = client.checkRaw(withBytesAtMark(check, "ff00fe2d2d2d2d2d"));
      assertThat(response.getStatus().getCode()).isEqualTo(DENIED);
      assertThat(partial(response)).isEqualTo("invalid-utf8");
    }

    @Test
    void anOversizedCleanCheckIsAllowedAndMarkedTruncated() {
      double before = partials("truncated");
      CheckResponse response = client.check(oversized(Map.of(), new byte[0]));
      assertThat(response.getStatus().getCode()).isEqualTo(OK);
      assertThat(partial(response)).isEqualTo("truncated");
      awaitCount(() -> partials("truncated"), before + 1);
    }

    @Test
    void anOversizedCheckWithAnAttackInAHeaderIsDeniedFromItsPrefix() {
      CheckResponse response =
          client.check(
              oversized(Map.of("x-q", "1' UNION SELECT password FROM users--"), new byte[0]));
      assertThat(response.getStatus().getCode()).isEqualTo(DENIED);
      assertThat(partial(response)).isEqualTo("truncated");
    }

    @Test
    void anOversizedCheckWithAnAttackAtTheStartOfItsBodyIsDenied() {
      byte[] attack = "<script>alert(document.cookie)</script>".getBytes(StandardCharsets.US_ASCII);
      CheckResponse response =
          client.check(oversized(Map.of("content-type", "text/plain"), attack));
      assertThat(response.getStatus().getCode()).isEqualTo(DENIED);
    }

    @Test
    void aCompressedCheckInflatingBeyondTheLimitIsInspectedFromItsPrefix() throws Exception {
      try (CheckClient gzip = new CheckClient(tme.grpcAddress(), "gzip")) {
        CheckRequest bomb =
            oversized(Map.of("x-q", "1' UNION SELECT password FROM users--"), new byte[0]);
        CheckResponse response = gzip.check(bomb);
        assertThat(response.getStatus().getCode()).isEqualTo(DENIED);
        assertThat(partial(response)).isEqualTo("truncated");
      }
    }

    @Test
    void metadataNestedTooDeepIsDroppedAndTheCheckDecided() {
      CheckResponse response = client.check(deeplyNestedMetadata());
      assertThat(response.getStatus().getCode()).isEqualTo(OK);
      assertThat(partial(response)).isEqualTo("too-deep");
    }

    @Test
    void anOrdinaryCheckIsNotMarked() {
      CheckResponse response = client.check(Requests.get("/plain"));
      assertThat(response.getStatus().getCode()).isEqualTo(OK);
      assertThat(response.hasDynamicMetadata()).isFalse();
    }
  }

  @Nested
  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  class WithDenyPolicies {
    private TmeFixture tme;
    private CheckClient client;

    @BeforeAll
    void start() throws Exception {
      tme =
          PartialCheckIT.start(
              Map.of(
                  "tme.check.on-invalid-utf8", "deny",
                  "tme.check.on-oversized", "deny",
                  "tme.check.on-too-deep", "deny"));
      client = new CheckClient(tme.grpcAddress());
    }

    @AfterAll
    void stop() throws Exception {
      client.close();
      tme.close();
    }

    @Test
    void invalidUtf8IsDenied() {
      CheckResponse response = client.checkRaw(nonUtf8Method());
      assertThat(response.getStatus().getCode()).isEqualTo(DENIED);
      assertThat(partial(response)).isEqualTo("invalid-utf8");
      assertThat(response.getDeniedResponse().getBody()).isEqualTo("Access Forbidden");
    }

    @Test
    void anOversizedCheckIsDenied() {
      CheckResponse response = client.check(oversized(Map.of(), new byte[0]));
      assertThat(response.getStatus().getCode()).isEqualTo(DENIED);
      assertThat(partial(response)).isEqualTo("truncated");
    }

    @Test
    void metadataNestedTooDeepIsDenied() {
      assertThat(client.check(deeplyNestedMetadata()).getStatus().getCode()).isEqualTo(DENIED);
    }

    @Test
    void anOrdinaryCheckIsStillAllowed() {
      assertThat(client.check(Requests.get("/plain")).getStatus().getCode()).isEqualTo(OK);
    }
  }
}
