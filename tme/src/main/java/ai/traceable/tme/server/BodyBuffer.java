package ai.traceable.tme.server;

import com.google.protobuf.ByteString;
import java.util.Arrays;

/**
 * The bytes of one body as they arrive in ext_proc messages, kept up to a limit; what arrives past
 * it is counted as truncated. Not thread-safe: owned by one exchange.
 */
final class BodyBuffer {
  private final int limit;
  private byte[] bytes = new byte[0];
  private int length;
  private boolean truncated;

  BodyBuffer(int limit) {
    this.limit = limit;
  }

  void append(ByteString chunk) {
    int room = limit - length;
    int n = Math.min(room, chunk.size());
    if (n < chunk.size()) {
      truncated = true;
    }
    if (n <= 0) {
      return;
    }
    if (length + n > bytes.length) {
      bytes = Arrays.copyOf(bytes, Math.min(limit, Math.max(length + n, bytes.length * 2)));
    }
    chunk.substring(0, n).copyTo(bytes, length);
    length += n;
  }

  /** Marks the body cut by Envoy (a partial buffer, or a stream that ended early). */
  void markTruncated() {
    truncated = true;
  }

  byte[] bytes() {
    return length == bytes.length ? bytes : Arrays.copyOf(bytes, length);
  }

  boolean truncated() {
    return truncated;
  }

  boolean isEmpty() {
    return length == 0;
  }
}
