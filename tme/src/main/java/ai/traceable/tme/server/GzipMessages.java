package ai.traceable.tme.server;

import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;
import org.apache.pekko.util.ByteString;

/**
 * Inflates gzip-compressed gRPC messages with a bound on the inflated size, so a small compressed
 * frame cannot expand into an out-of-memory error. Stateless.
 */
final class GzipMessages {
  private GzipMessages() {}

  /** Result of inflating: the message, or why not. */
  sealed interface Inflated {}

  record Ok(ByteString message) implements Inflated {}

  /**
   * Inflates to more than the bound.
   *
   * @param prefix the first {@code maxBytes} inflated bytes
   */
  record TooLarge(ByteString prefix) implements Inflated {}

  record Corrupt(String reason) implements Inflated {}

  static Inflated inflate(ByteString compressed, int maxBytes) {
    try (InputStream in = new GZIPInputStream(compressed.iterator().asInputStream())) {
      byte[] out = in.readNBytes(maxBytes + 1);
      if (out.length > maxBytes) {
        return new TooLarge(ByteString.fromArrayUnsafe(out, 0, maxBytes));
      }
      return new Ok(ByteString.fromArrayUnsafe(out));
    } catch (IOException e) {
      return new Corrupt("corrupt gzip message: " + e.getMessage());
    }
  }

  /**
   * Inflates the first bytes of a compressed message cut at the limit: as much as they inflate to,
   * at most {@code maxBytes}; a stream that ends early is expected.
   */
  static ByteString inflatePrefix(ByteString compressedPrefix, int maxBytes) {
    byte[] out = new byte[Math.min(maxBytes, 64 * 1024)];
    int n = 0;
    try (InputStream in = new GZIPInputStream(compressedPrefix.iterator().asInputStream())) {
      while (n < maxBytes) {
        if (n == out.length) {
          out = java.util.Arrays.copyOf(out, (int) Math.min(maxBytes, 2L * out.length));
        }
        int read = in.read(out, n, out.length - n);
        if (read < 0) {
          break;
        }
        n += read;
      }
    } catch (IOException e) {
      // the prefix ends inside the stream (EOF) or is not gzip: keep what was inflated
    }
    return ByteString.fromArrayUnsafe(out, 0, n);
  }
}
