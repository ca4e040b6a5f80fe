package ai.traceable.tme.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.zip.GZIPOutputStream;
import org.apache.pekko.util.ByteString;
import org.junit.jupiter.api.Test;

class GzipMessagesTest {
  private static ByteString gzip(byte[] data) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(data);
    }
    return ByteString.fromArray(out.toByteArray());
  }

  @Test
  void inflatesWithinTheLimit() throws IOException {
    byte[] data = "hello ext_authz".repeat(10).getBytes();
    assertThat(GzipMessages.inflate(gzip(data), data.length))
        .isEqualTo(new GzipMessages.Ok(ByteString.fromArray(data)));
  }

  @Test
  void stopsInflatingOneByteAfterTheLimit() throws IOException {
    ByteString bomb = gzip(new byte[10 * 1024 * 1024]);
    assertThat(bomb.size()).isLessThan(64 * 1024);
    assertThat(GzipMessages.inflate(bomb, 1024))
        .isEqualTo(new GzipMessages.TooLarge(ByteString.fromArray(new byte[1024])));
  }

  @Test
  void inflatesThePrefixOfACutStreamAsFarAsItGoesWithinTheLimit() throws IOException {
    byte[] data = new byte[100_000];
    for (int i = 0; i < data.length; i++) {
      data[i] = (byte) (i * 31 + i / 7); // compresses, but not to nothing
    }
    ByteString compressed = gzip(data);
    ByteString cut = compressed.take(compressed.size() / 2);

    ByteString inflated = GzipMessages.inflatePrefix(cut, 1_000_000);
    assertThat(inflated.size()).isBetween(1, data.length - 1);
    assertThat(inflated.toArray()).isEqualTo(java.util.Arrays.copyOf(data, inflated.size()));
    assertThat(GzipMessages.inflatePrefix(cut, 10).toArray())
        .isEqualTo(java.util.Arrays.copyOf(data, 10));
    assertThat(GzipMessages.inflatePrefix(ByteString.fromString("not gzip"), 10).size()).isZero();
  }

  @Test
  void corruptInputIsReportedNotThrown() {
    assertThat(GzipMessages.inflate(ByteString.fromString("not gzip"), 1024))
        .isInstanceOf(GzipMessages.Corrupt.class);
  }
}
