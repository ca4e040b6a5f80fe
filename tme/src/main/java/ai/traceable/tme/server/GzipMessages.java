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

  record TooLarge() implements Inflated {}

  record Corrupt(String reason) implements Inflated {}

  static Inflated inflate(ByteString compressed, int maxBytes) {
    try (InputStream in = new GZIPInputStream(compressed.iterator().asInputStream())) {
      byte[] out = in.readNBytes(maxBytes + 1);
      if (out.length > maxBytes) {
        return new TooLarge();
      }
      return new Ok(ByteString.fromArrayUnsafe(out));
    } catch (IOException e) {
      return new Corrupt("corrupt gzip message: " + e.getMessage());
    }
  }
}
