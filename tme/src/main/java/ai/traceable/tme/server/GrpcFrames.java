package ai.traceable.tme.server;

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.MessageLite;
import java.io.IOException;
import org.apache.pekko.util.ByteString;

/**
 * The gRPC length-prefixed message framing: one flag byte (1 = compressed), a 4-byte big-endian
 * length, then the message. Stateless.
 */
final class GrpcFrames {
  static final int HEADER_BYTES = 5;

  private GrpcFrames() {}

  /** Outcome of reading a request body that should hold exactly one uncompressed message. */
  sealed interface Read {}

  record Message(ByteString payload) implements Read {}

  /** The frame is compressed with the codec named by the request's grpc-encoding. */
  record Compressed(ByteString payload) implements Read {}

  /**
   * A whole frame whose message is larger than the limit.
   *
   * @param prefix the message's first {@code maxMessageBytes} bytes
   * @param compressed whether the message is compressed (the prefix is then of compressed bytes)
   */
  record TooLarge(long length, ByteString prefix, boolean compressed) implements Read {}

  record Malformed(String reason) implements Read {}

  static Read readSingle(ByteString body, int maxMessageBytes) {
    return readSingle(body, body.size(), maxMessageBytes);
  }

  /**
   * Reads a request body that should hold exactly one message.
   *
   * @param kept the body, or its first bytes when more arrived than it keeps (at least {@link
   *     #HEADER_BYTES} + {@code maxMessageBytes} of them then)
   * @param total how many bytes the body had
   */
  static Read readSingle(ByteString kept, long total, int maxMessageBytes) {
    if (total < HEADER_BYTES) {
      return new Malformed(
          total == 0 ? "request carries no message" : "truncated gRPC frame header");
    }
    int flag = kept.apply(0) & 0xff;
    long length =
        ((long) (kept.apply(1) & 0xff) << 24)
            | ((kept.apply(2) & 0xff) << 16)
            | ((kept.apply(3) & 0xff) << 8)
            | (kept.apply(4) & 0xff);
    if (flag > 1) {
      return new Malformed("invalid gRPC frame flag " + flag);
    }
    long available = total - HEADER_BYTES;
    if (available < length) {
      return new Malformed("truncated gRPC frame: " + available + " of " + length + " bytes");
    }
    if (available > length) {
      return new Malformed("unary call carries more than one message");
    }
    if (length > maxMessageBytes) {
      return new TooLarge(
          length, kept.slice(HEADER_BYTES, HEADER_BYTES + maxMessageBytes), flag == 1);
    }
    ByteString payload = kept.drop(HEADER_BYTES);
    return flag == 1 ? new Compressed(payload) : new Message(payload);
  }

  /** Serialises a message straight into a framed buffer (one copy, no intermediate array). */
  static ByteString frame(MessageLite message) {
    int n = message.getSerializedSize();
    byte[] out = new byte[HEADER_BYTES + n];
    out[1] = (byte) (n >>> 24);
    out[2] = (byte) (n >>> 16);
    out[3] = (byte) (n >>> 8);
    out[4] = (byte) n;
    CodedOutputStream stream = CodedOutputStream.newInstance(out, HEADER_BYTES, n);
    try {
      message.writeTo(stream);
    } catch (IOException e) {
      throw new IllegalStateException("cannot serialise " + message.getClass().getName(), e);
    }
    stream.checkNoSpaceLeft();
    return ByteString.fromArrayUnsafe(out);
  }
}
