package ai.traceable.tme.server;

import com.google.protobuf.InvalidProtocolBufferException;
import io.envoyproxy.envoy.service.auth.v3.CheckRequest;
import io.envoyproxy.envoy.service.auth.v3.CheckResponse;
import io.grpc.Status;
import java.util.concurrent.CompletableFuture;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.util.ByteString;

/**
 * A check that arrived as a strict HTTP/2 request holding one uncompressed message. Decoding and
 * encoding happen on the thread that evaluates it. Completes once; later completions are ignored.
 */
final class FastPathCall implements CheckCall {
  private final ByteString message;
  private final boolean cut;
  private final long timeoutNanos;
  private final CheckResponse cleanAllow;
  private final HttpResponse cleanAllowReply;
  private final CompletableFuture<HttpResponse> reply = new CompletableFuture<>();

  /**
   * @param cleanAllow the shared allow response, answered with the pre-encoded {@code
   *     cleanAllowReply} instead of serialising it again
   */
  private final long receivedNanos = System.nanoTime();

  FastPathCall(ByteString message, CheckResponse cleanAllow, HttpResponse cleanAllowReply) {
    this(message, false, NO_TIMEOUT, cleanAllow, cleanAllowReply);
  }

  /**
   * @param cut whether {@code message} is only the first bytes of a larger message
   * @param timeoutNanos the call's grpc-timeout, or {@link #NO_TIMEOUT}
   */
  FastPathCall(
      ByteString message,
      boolean cut,
      long timeoutNanos,
      CheckResponse cleanAllow,
      HttpResponse cleanAllowReply) {
    this.message = message;
    this.cut = cut;
    this.timeoutNanos = timeoutNanos;
    this.cleanAllow = cleanAllow;
    this.cleanAllowReply = cleanAllowReply;
  }

  CompletableFuture<HttpResponse> reply() {
    return reply;
  }

  @Override
  public long receivedNanos() {
    return receivedNanos;
  }

  @Override
  public long timeoutNanos() {
    return timeoutNanos;
  }

  @Override
  public CheckRequest request() throws InvalidProtocolBufferException {
    return decode().request();
  }

  /** Strictly when the message is whole and valid; otherwise through {@link CheckRequestRepair}. */
  @Override
  public CheckRequestRepair.Decoded decode() throws InvalidProtocolBufferException {
    if (cut) {
      return CheckRequestRepair.repair(message.toArray(), true, null);
    }
    try {
      return new CheckRequestRepair.Decoded(CheckRequest.parseFrom(message.asByteBuffer()), 0);
    } catch (InvalidProtocolBufferException e) {
      return CheckRequestRepair.repair(message.toArray(), false, e);
    }
  }

  @Override
  public void reply(CheckResponse response) {
    reply.complete(
        response == cleanAllow ? cleanAllowReply : GrpcReplies.ok(GrpcFrames.frame(response)));
  }

  @Override
  public void fail(Status status) {
    reply.complete(GrpcReplies.error(status));
  }
}
