package ai.traceable.tme.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.traceable.tme.metrics.CheckMetrics.Partial;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import io.envoyproxy.envoy.config.core.v3.Metadata;
import io.envoyproxy.envoy.service.auth.v3.AttributeContext;
import io.envoyproxy.envoy.service.auth.v3.CheckRequest;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CheckRequestRepairTest {
  /** A marker string replaced, in the encoded message, by bytes that are not UTF-8. */
  private static final String MARK = "MARKMARK";

  private static byte[] withBytesAtMark(CheckRequest check, byte[] replacement) {
    byte[] in = check.toByteArray();
    byte[] mark = MARK.getBytes(StandardCharsets.US_ASCII);
    int at = indexOf(in, mark);
    assertThat(replacement).hasSameSizeAs(mark); // lengths in the encoding stay right
    byte[] out = in.clone();
    System.arraycopy(replacement, 0, out, at, replacement.length);
    return out;
  }

  private static int indexOf(byte[] in, byte[] what) {
    for (int i = 0; i + what.length <= in.length; i++) {
      if (Arrays.equals(in, i, i + what.length, what, 0, what.length)) {
        return i;
      }
    }
    throw new AssertionError("marker not found");
  }

  private static byte[] hex(String hex) {
    return HexFormat.of().parseHex(hex);
  }

  private static CheckRequestRepair.Decoded repair(byte[] message)
      throws InvalidProtocolBufferException {
    InvalidProtocolBufferException strict = null;
    try {
      CheckRequest.parseFrom(message);
    } catch (InvalidProtocolBufferException e) {
      strict = e;
    }
    assertThat(strict).as("protobuf-java refuses the input").isNotNull();
    return CheckRequestRepair.repair(message, false, strict);
  }

  @Test
  void invalidUtf8InAHeaderValueIsReadByteByByteAndTheRestIsKept() throws Exception {
    CheckRequest check = Requests.http("GET", "/a", Map.of("x-note", "n" + MARK), "10.0.0.1", null);
    // "é" (valid, c3 a9), an overlong "/" (c0 af), 0xff, then "ok!"
    byte[] bytes = withBytesAtMark(check, hex("c3a9c0afff6f6b21"));

    CheckRequestRepair.Decoded decoded = repair(bytes);

    assertThat(decoded.partial()).isEqualTo(Partial.INVALID_UTF8.bit());
    AttributeContext.HttpRequest http = decoded.request().getAttributes().getRequest().getHttp();
    assertThat(http.getHeadersMap()).containsEntry("x-note", "né\u00c0\u00af\u00ffok!");
    assertThat(http.getPath()).isEqualTo("/a");
    assertThat(http.getHeadersMap())
        .containsEntry(
            "x-request-id",
            check.getAttributes().getRequest().getHttp().getHeadersMap().get("x-request-id"));
  }

  @Test
  void invalidUtf8InTheBodyStringMovesItsExactBytesToTheRawBody() throws Exception {
    CheckRequest check = Requests.withHttp(Requests.get("/upload"), h -> h.setBody("id=1" + MARK));
    byte[] bytes = withBytesAtMark(check, hex("27ff4f5220313d31")); // ' 0xff OR 1=1

    CheckRequestRepair.Decoded decoded = repair(bytes);

    AttributeContext.HttpRequest http = decoded.request().getAttributes().getRequest().getHttp();
    assertThat(http.getBody()).isEmpty();
    assertThat(http.getRawBody().toByteArray()).isEqualTo(hex("69643d3127ff4f5220313d31"));
    assertThat(CheckRequests.toView(decoded.request()).body())
        .isEqualTo(hex("69643d3127ff4f5220313d31"));
  }

  @Test
  void metadataNestedDeeperThanTheLimitIsDroppedAndTheRequestKept() throws Exception {
    Struct deep =
        Struct.newBuilder()
            .putFields("leaf", Value.newBuilder().setStringValue("x").build())
            .build();
    for (int i = 0; i < 60; i++) {
      deep =
          Struct.newBuilder()
              .putFields("n", Value.newBuilder().setStructValue(deep).build())
              .build();
    }
    CheckRequest base = Requests.get("/deep");
    CheckRequest check =
        base.toBuilder()
            .setAttributes(
                base.getAttributes().toBuilder()
                    .setMetadataContext(Metadata.newBuilder().putFilterMetadata("f", deep)))
            .build();

    CheckRequestRepair.Decoded decoded = repair(check.toByteArray());

    assertThat(decoded.partial()).isEqualTo(Partial.TOO_DEEP.bit());
    assertThat(decoded.request().getAttributes().getRequest().getHttp().getPath())
        .isEqualTo("/deep");
    assertThat(decoded.request().getAttributes().getMetadataContext().getFilterMetadataMap())
        .containsKey("f");
  }

  @Test
  void aCutMessageKeepsItsHeadersAndThePrefixOfItsBody() throws Exception {
    byte[] body = "q=hello world and then a long tail".getBytes(StandardCharsets.UTF_8);
    CheckRequest check = Requests.http("POST", "/form", Map.of("x-a", "b"), "10.0.0.1", body);
    byte[] whole = check.toByteArray();
    byte[] cut = Arrays.copyOf(whole, whole.length - 20); // raw_body is the last field written

    CheckRequestRepair.Decoded decoded = CheckRequestRepair.repair(cut, true, null);

    assertThat(decoded.partial()).isEqualTo(Partial.TRUNCATED.bit());
    AttributeContext.HttpRequest http = decoded.request().getAttributes().getRequest().getHttp();
    assertThat(http.getHeadersMap()).containsEntry("x-a", "b");
    assertThat(http.getRawBody().toStringUtf8()).isEqualTo("q=hello world ");
  }

  @Test
  void aStringCutInsideACharacterLosesThatCharacterOnly() throws Exception {
    CheckRequest check =
        Requests.withHttp(Requests.get("/x"), h -> h.clearHeaders().setBody("ab€€"));
    byte[] whole = check.toByteArray();
    // the body is the last field: cut the last euro sign (e2 82 ac) after its first byte
    byte[] cut = Arrays.copyOf(whole, whole.length - 2);

    CheckRequestRepair.Decoded decoded = CheckRequestRepair.repair(cut, true, null);

    assertThat(decoded.partial()).isEqualTo(Partial.TRUNCATED.bit());
    assertThat(decoded.request().getAttributes().getRequest().getHttp().getBody()).isEqualTo("ab€");
  }

  @Test
  void aMessageCutInsideATagOrLengthDropsThatField() throws Exception {
    CheckRequest check = Requests.get("/p");
    byte[] whole = check.toByteArray();
    for (int n = 0; n <= whole.length; n++) {
      CheckRequestRepair.Decoded decoded =
          CheckRequestRepair.repair(Arrays.copyOf(whole, n), true, null);
      assertThat(decoded.partial()).isEqualTo(Partial.TRUNCATED.bit());
    }
    assertThat(CheckRequestRepair.repair(whole, true, null).request()).isEqualTo(check);
  }

  @Test
  void bytesThatAreNotProtobufAreStillRefused() {
    // field 1, wire type 2, then a length running past the end of the message
    byte[] garbage = {0x0a, (byte) 0xff, (byte) 0xff, 0x7f, 0x01, 0x02};
    assertThatThrownBy(() -> repair(garbage)).isInstanceOf(InvalidProtocolBufferException.class);
    byte[] badWireType = {0x0f, 0x01};
    assertThatThrownBy(() -> repair(badWireType))
        .isInstanceOf(InvalidProtocolBufferException.class);
    byte[] fieldZero = {0x02, 0x00};
    assertThatThrownBy(() -> repair(fieldZero)).isInstanceOf(InvalidProtocolBufferException.class);
  }

  @Test
  void latin1FallbackKeepsValidSequencesAndMapsEveryOtherByte() {
    assertThat(fallback("41c3a9")).isEqualTo("Aé");
    assertThat(fallback("c0af")).isEqualTo("\u00c0\u00af"); // overlong "/"
    assertThat(fallback("eda080")).isEqualTo("\u00ed\u00a0\u0080"); // a UTF-16 surrogate
    assertThat(fallback("f4908080")).isEqualTo("\u00f4\u0090\u0080\u0080"); // above U+10FFFF
    assertThat(fallback("e282")).isEqualTo("\u00e2\u0082"); // cut short
    assertThat(fallback("f09f9880")).isEqualTo("😀");
  }

  private static String fallback(String hex) {
    byte[] in = hex(hex);
    return new String(
        CheckRequestRepair.Walk.latin1Fallback(in, 0, in.length), StandardCharsets.UTF_8);
  }

  @Test
  void theRepairedMessageIsWhatProtobufWouldHaveReadHadTheBytesBeenValid() throws Exception {
    CheckRequest check = Requests.http("GET", "/ok", Map.of("x-v", MARK), "10.0.0.1", null);
    byte[] bytes = withBytesAtMark(check, "valid!!!".getBytes(StandardCharsets.US_ASCII));
    assertThat(CheckRequestRepair.repair(bytes, false, null).request())
        .isEqualTo(CheckRequest.parseFrom(bytes));
  }
}
