package ai.traceable.tme.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.envoyproxy.envoy.service.auth.v3.CheckRequest;
import org.apache.pekko.util.ByteString;
import org.junit.jupiter.api.Test;

class GrpcFramesTest {

  private static ByteString bytes(int... values) {
    byte[] out = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = (byte) values[i];
    }
    return ByteString.fromArray(out);
  }

  @Test
  void framedMessageReadsBackAsTheSameMessage() throws Exception {
    CheckRequest request = Requests.get("/a?b=c");
    ByteString framed = GrpcFrames.frame(request);
    assertThat(framed.size()).isEqualTo(request.getSerializedSize() + 5);
    GrpcFrames.Read read = GrpcFrames.readSingle(framed, 1 << 20);
    assertThat(read).isInstanceOf(GrpcFrames.Message.class);
    ByteString payload = ((GrpcFrames.Message) read).payload();
    assertThat(CheckRequest.parseFrom(payload.toArray())).isEqualTo(request);
  }

  @Test
  void emptyMessageIsAValidFrame() {
    assertThat(GrpcFrames.readSingle(bytes(0, 0, 0, 0, 0), 10))
        .isEqualTo(new GrpcFrames.Message(ByteString.emptyByteString()));
  }

  @Test
  void compressedFlagIsReported() {
    assertThat(GrpcFrames.readSingle(bytes(1, 0, 0, 0, 2, 7, 7), 10))
        .isEqualTo(new GrpcFrames.Compressed(bytes(7, 7)));
  }

  @Test
  void aWholeFrameAboveTheLimitIsTooLargeWithItsPrefix() {
    assertThat(GrpcFrames.readSingle(bytes(0, 0, 0, 0, 4, 1, 2, 3, 4), 3))
        .isEqualTo(new GrpcFrames.TooLarge(4, bytes(1, 2, 3), false));
    assertThat(GrpcFrames.readSingle(bytes(1, 0, 0, 0, 4, 1, 2, 3, 4), 2))
        .isEqualTo(new GrpcFrames.TooLarge(4, bytes(1, 2), true));
  }

  @Test
  void aFrameCollectedInPartIsJudgedByItsWholeSize() {
    // 5 + 1000 bytes arrived, of which the first 5 + 3 were kept
    assertThat(GrpcFrames.readSingle(bytes(0, 0, 0, 0x03, 0xe8, 1, 2, 3), 1005, 3))
        .isEqualTo(new GrpcFrames.TooLarge(1000, bytes(1, 2, 3), false));
    assertThat(GrpcFrames.readSingle(bytes(0, 0, 0, 0x03, 0xe8, 1, 2, 3), 1004, 3))
        .isEqualTo(new GrpcFrames.Malformed("truncated gRPC frame: 999 of 1000 bytes"));
  }

  @Test
  void aFrameAnnouncingMoreThanTheLimitButCarryingLessIsTruncated() {
    assertThat(GrpcFrames.readSingle(bytes(0, 0xff, 0xff, 0xff, 0xff), 1024))
        .isEqualTo(new GrpcFrames.Malformed("truncated gRPC frame: 0 of 4294967295 bytes"));
  }

  @Test
  void malformedFramesSayWhatIsWrong() {
    assertThat(GrpcFrames.readSingle(ByteString.emptyByteString(), 10))
        .isEqualTo(new GrpcFrames.Malformed("request carries no message"));
    assertThat(GrpcFrames.readSingle(bytes(0, 0, 0), 10))
        .isEqualTo(new GrpcFrames.Malformed("truncated gRPC frame header"));
    assertThat(GrpcFrames.readSingle(bytes(0, 0, 0, 0, 3, 1), 10))
        .isEqualTo(new GrpcFrames.Malformed("truncated gRPC frame: 1 of 3 bytes"));
    assertThat(GrpcFrames.readSingle(bytes(0, 0, 0, 0, 1, 1, 0, 0, 0, 0, 0), 10))
        .isEqualTo(new GrpcFrames.Malformed("unary call carries more than one message"));
    assertThat(GrpcFrames.readSingle(bytes(2, 0, 0, 0, 0), 10))
        .isEqualTo(new GrpcFrames.Malformed("invalid gRPC frame flag 2"));
  }
}
