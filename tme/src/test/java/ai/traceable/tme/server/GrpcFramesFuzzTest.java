package ai.traceable.tme.server;

import static org.assertj.core.api.Assertions.assertThat;

import ai.traceable.tme.fuzzing.FuzzInputs;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.google.protobuf.InvalidProtocolBufferException;
import io.envoyproxy.envoy.service.auth.v3.CheckRequest;
import java.nio.charset.StandardCharsets;
import org.apache.pekko.util.ByteString;
import org.junit.jupiter.api.Test;

/**
 * Coverage-guided fuzzing of what the unary fast path does with a request body before a check is
 * queued: the gRPC frame is read, a compressed message inflated under the size bound, the message
 * decoded and mapped to a request view. Properties: never throws (every failure is one of the
 * sealed outcomes or {@link InvalidProtocolBufferException}), a message is exactly the announced
 * length, and inflating never yields more than the bound.
 */
class GrpcFramesFuzzTest {
  private static final int MAX_MESSAGE_BYTES = 64 * 1024;

  @FuzzTest
  void framesAreReadWithinTheirBounds(byte[] data) {
    checkFrame(data);
  }

  @FuzzTest
  void peerHeaderParsesOrFallsBack(byte[] data) {
    checkPeer(data);
  }

  @Test
  void framesSurviveFixedSeedMutations() {
    FuzzInputs.fixedSeedRun(
        getClass(), "framesAreReadWithinTheirBounds", 2000, GrpcFramesFuzzTest::checkFrame);
  }

  @Test
  void peerHeaderSurvivesFixedSeedMutations() {
    FuzzInputs.fixedSeedRun(
        getClass(), "peerHeaderParsesOrFallsBack", 1000, GrpcFramesFuzzTest::checkPeer);
  }

  static void checkFrame(byte[] data) {
    GrpcFrames.Read read = GrpcFrames.readSingle(ByteString.fromArray(data), MAX_MESSAGE_BYTES);
    ByteString message;
    if (read instanceof GrpcFrames.Message m) {
      assertThat(m.payload().size()).isEqualTo(data.length - GrpcFrames.HEADER_BYTES);
      message = m.payload();
    } else if (read instanceof GrpcFrames.Compressed c) {
      GzipMessages.Inflated inflated = GzipMessages.inflate(c.payload(), MAX_MESSAGE_BYTES);
      if (!(inflated instanceof GzipMessages.Ok ok)) {
        assertThat(inflated)
            .isInstanceOfAny(GzipMessages.TooLarge.class, GzipMessages.Corrupt.class);
        return;
      }
      assertThat(ok.message().size()).isLessThanOrEqualTo(MAX_MESSAGE_BYTES);
      message = ok.message();
    } else {
      assertThat(read).isInstanceOfAny(GrpcFrames.TooLarge.class, GrpcFrames.Malformed.class);
      return;
    }
    try {
      CheckRequests.toView(CheckRequest.parseFrom(message.toArrayUnsafe()));
    } catch (InvalidProtocolBufferException refused) {
      // answered with INVALID_ARGUMENT by CheckEvaluator
    }
  }

  static void checkPeer(byte[] data) {
    assertThat(UnaryFastPath.parsePeer(new String(data, StandardCharsets.UTF_8))).isNotNull();
  }
}
