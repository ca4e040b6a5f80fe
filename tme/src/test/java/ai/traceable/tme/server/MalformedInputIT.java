package ai.traceable.tme.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.traceable.tme.engine.EngineMode;
import ai.traceable.tme.rules.RulesLoader;
import io.envoyproxy.envoy.service.auth.v3.CheckRequest;
import io.envoyproxy.envoy.service.auth.v3.CheckResponse;
import io.grpc.CallOptions;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Input that is not a gRPC-framed protobuf message gets a gRPC error; a CheckRequest tme can repair
 * or cut (invalid UTF-8, over the size limit) gets a decision (see {@link PartialCheckIT}); the
 * server keeps serving.
 */
class MalformedInputIT {
  private static final int MAX_BYTES = 64 * 1024;
  private static TmeFixture tme;
  private static CheckClient client;

  @BeforeAll
  static void start() throws Exception {
    tme =
        TmeFixture.start(
            Map.of("tme.grpc.max-request-bytes", MAX_BYTES),
            RulesLoader.loadBundled().engine(EngineMode.BLOCK));
    client = new CheckClient(tme.grpcAddress());
  }

  @AfterAll
  static void stop() throws Exception {
    client.close();
    tme.close();
  }

  @AfterEach
  void serverStillServes() {
    assertEquals(0, client.check(Requests.get("/still/alive")).getStatus().getCode());
  }

  private static final MethodDescriptor.Marshaller<byte[]> RAW =
      new MethodDescriptor.Marshaller<>() {
        @Override
        public InputStream stream(byte[] value) {
          return new ByteArrayInputStream(value);
        }

        @Override
        public byte[] parse(InputStream stream) {
          try {
            return stream.readAllBytes();
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        }
      };

  private static byte[] callRaw(String method, byte[] message) {
    MethodDescriptor<byte[], byte[]> descriptor =
        MethodDescriptor.<byte[], byte[]>newBuilder()
            .setType(MethodDescriptor.MethodType.UNARY)
            .setFullMethodName(method)
            .setRequestMarshaller(RAW)
            .setResponseMarshaller(RAW)
            .build();
    return ClientCalls.blockingUnaryCall(
        client.channel(),
        descriptor,
        CallOptions.DEFAULT.withDeadlineAfter(20, TimeUnit.SECONDS),
        message);
  }

  private static Status.Code codeOf(Runnable call) {
    return assertThrows(StatusRuntimeException.class, call::run).getStatus().getCode();
  }

  @Test
  void garbageBytesInsteadOfACheckRequestAreInvalidArgument() {
    // field 1, wire type 2, then a length running past the end of the message
    byte[] garbage = {0x0a, (byte) 0xff, (byte) 0xff, 0x7f, 0x01, 0x02};
    assertEquals(
        Status.Code.INVALID_ARGUMENT,
        codeOf(() -> callRaw("envoy.service.auth.v3.Authorization/Check", garbage)));
  }

  @Test
  void invalidUtf8InAStringFieldGetsADecisionMarkedPartial() throws Exception {
    // CheckRequest.attributes(1) -> request(4) -> http(2): method(2) = "GET", path(4) = "/",
    // headers(3) = {"x": 0xff 0xfe}
    byte[] fields = {
      0x12,
      0x03,
      'G',
      'E',
      'T',
      0x22,
      0x01,
      '/',
      0x1a,
      0x07,
      0x0a,
      0x01,
      'x',
      0x12,
      0x02,
      (byte) 0xff,
      (byte) 0xfe
    };
    byte[] http = concat(new byte[] {0x12, (byte) fields.length}, fields);
    byte[] request = concat(new byte[] {0x22, (byte) http.length}, http);
    byte[] check = concat(new byte[] {0x0a, (byte) request.length}, request);
    CheckResponse response =
        CheckResponse.parseFrom(callRaw("envoy.service.auth.v3.Authorization/Check", check));
    assertEquals(0, response.getStatus().getCode());
    assertEquals(
        "invalid-utf8",
        response.getDynamicMetadata().getFieldsMap().get("tme.partial").getStringValue());
  }

  @Test
  void oversizedMessageGetsADecisionOnItsPrefixMarkedPartial() {
    CheckRequest big =
        Requests.http("POST", "/upload", Map.of(), "10.0.0.1", new byte[MAX_BYTES + 1024]);
    CheckResponse response = client.check(big);
    assertEquals(0, response.getStatus().getCode());
    assertEquals(
        "truncated",
        response.getDynamicMetadata().getFieldsMap().get("tme.partial").getStringValue());
  }

  @Test
  void bodyLargerThanTheStrictThresholdButWithinTheLimitIsCollectedAndChecked() {
    long before = tme.server().collectedBodyCalls();
    CheckRequest large =
        Requests.http("POST", "/upload", Map.of(), "10.0.0.1", new byte[MAX_BYTES - 4096]);
    assertEquals(0, client.check(large).getStatus().getCode());
    assertEquals(before + 1, tme.server().collectedBodyCalls());
  }

  @Test
  void compressedMessageInflatingBeyondTheLimitIsInflatedOnlyUpToItAndDecided() throws Exception {
    // 4 MiB of zeros compresses to a few KiB: a decompression bomb against a 64 KiB limit
    CheckRequest bomb =
        Requests.http("POST", "/upload", Map.of(), "10.0.0.1", new byte[4 * 1024 * 1024]);
    try (CheckClient gzip = new CheckClient(tme.grpcAddress(), "gzip")) {
      CheckResponse response = gzip.check(bomb);
      assertEquals(0, response.getStatus().getCode());
      assertEquals(
          "truncated",
          response.getDynamicMetadata().getFieldsMap().get("tme.partial").getStringValue());
    }
  }

  @Test
  void unknownMethodIsUnimplemented() {
    assertEquals(
        Status.Code.UNIMPLEMENTED,
        codeOf(() -> callRaw("envoy.service.auth.v3.Authorization/Nope", new byte[0])));
  }

  @Test
  void unknownServiceIsUnimplemented() {
    assertEquals(
        Status.Code.UNIMPLEMENTED, codeOf(() -> callRaw("acme.Nothing/Check", new byte[0])));
  }

  @Test
  void truncatedFrameIsAnsweredWithInternalError() throws Exception {
    // frame header announces 100 bytes, 3 follow
    byte[] truncated = {0, 0, 0, 0, 100, 1, 2, 3};
    assertEquals("13", grpcStatusOfRawPost(truncated));
  }

  @Test
  void frameAnnouncingMoreThanTheLimitButCarryingLessIsATruncatedFrame() throws Exception {
    // a frame cut short is broken transport whatever the limit: nothing of a message to inspect
    byte[] header = {0, 0x7f, 0, 0, 0};
    assertEquals("13", grpcStatusOfRawPost(header));
  }

  @Test
  void emptyBodyIsAnsweredWithInternalError() throws Exception {
    assertEquals("13", grpcStatusOfRawPost(new byte[0]));
  }

  /** Posts raw bytes as a gRPC request over HTTP/2 (prior knowledge) and returns grpc-status. */
  private static String grpcStatusOfRawPost(byte[] body) throws Exception {
    var system = tme.tme.system();
    HttpRequest request =
        HttpRequest.POST(UnaryFastPath.CHECK_PATH)
            .withEntity(HttpEntities.create(GrpcReplies.GRPC, ByteString.fromArray(body)));
    HttpResponse response =
        Source.single(request)
            .via(
                Http.get(system)
                    .connectionTo(tme.grpcAddress().getHostString())
                    .toPort(tme.grpcAddress().getPort())
                    .http2WithPriorKnowledge())
            .runWith(Sink.head(), system)
            .toCompletableFuture()
            .get(20, TimeUnit.SECONDS);
    response.discardEntityBytes(system);
    return response.getHeader("grpc-status").map(HttpHeader::value).orElse("missing");
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = new byte[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
