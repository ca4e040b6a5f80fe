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
    assertThat(GzipMessages.inflate(bomb, 1024)).isInstanceOf(GzipMessages.TooLarge.class);
  }

  @Test
  void corruptInputIsReportedNotThrown() {
    assertThat(GzipMessages.inflate(ByteString.fromString("not gzip"), 1024))
        .isInstanceOf(GzipMessages.Corrupt.class);
  }
}
