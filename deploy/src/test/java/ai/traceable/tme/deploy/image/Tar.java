package ai.traceable.tme.deploy.image;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Reads a tar stream entry by entry: ustar headers, with PAX ({@code x}) and GNU ({@code L}) long
 * names, enough for OCI image layouts and their layers. Regular files, directories and links are
 * reported; unread content is skipped. Not thread-safe.
 */
final class Tar {
  private static final int BLOCK = 512;

  private Tar() {}

  /** One entry; {@code offset} is where its content starts in the stream. */
  record Entry(String name, int mode, int uid, int gid, long size, char type, long offset) {
    boolean isFile() {
      return type == '0' || type == '\0';
    }
  }

  /** Called for each entry; {@code content} may be read (at most {@code entry.size()} bytes). */
  interface Visitor {
    /**
     * @return false to stop reading
     */
    boolean visit(Entry entry, InputStream content) throws IOException;
  }

  static void walk(InputStream in, Visitor visitor) throws IOException {
    Counting stream = new Counting(in);
    byte[] header = new byte[BLOCK];
    String longName = null;
    while (stream.readBlock(header)) {
      if (isZero(header)) {
        return;
      }
      char type = (char) header[156];
      long size = octal(header, 124, 12);
      if (type == 'x' || type == 'L' || type == 'g') {
        byte[] meta = stream.readNBytes(Math.toIntExact(size));
        stream.skipPadding(size);
        if (type == 'L') {
          longName = text(meta, 0, meta.length);
        } else if (type == 'x') {
          String path = paxPath(meta);
          longName = path != null ? path : longName;
        }
        continue;
      }
      String name = longName != null ? longName : ustarName(header);
      longName = null;
      Entry entry =
          new Entry(
              name.startsWith("./") ? name.substring(2) : name,
              (int) octal(header, 100, 8),
              (int) octal(header, 108, 8),
              (int) octal(header, 116, 8),
              size,
              type,
              stream.position);
      long before = stream.position;
      boolean more = visitor.visit(entry, new Bounded(stream, size));
      stream.skipNBytes(size - (stream.position - before));
      stream.skipPadding(size);
      if (!more) {
        return;
      }
    }
  }

  private static String ustarName(byte[] header) {
    String name = text(header, 0, 100);
    String prefix = text(header, 345, 155);
    return prefix.isEmpty() ? name : prefix + "/" + name;
  }

  /** The {@code path} record of a PAX header ("LEN path=VALUE\n" records), or null. */
  private static String paxPath(byte[] meta) {
    String records = new String(meta, StandardCharsets.UTF_8);
    int at = 0;
    while (at < records.length()) {
      int space = records.indexOf(' ', at);
      int length = Integer.parseInt(records.substring(at, space));
      String record = records.substring(space + 1, at + length - 1);
      if (record.startsWith("path=")) {
        return record.substring(5);
      }
      at += length;
    }
    return null;
  }

  private static String text(byte[] bytes, int from, int length) {
    int end = from;
    while (end < from + length && bytes[end] != 0) {
      end++;
    }
    return new String(bytes, from, end - from, StandardCharsets.UTF_8);
  }

  private static long octal(byte[] bytes, int from, int length) {
    String digits = text(bytes, from, length).trim();
    return digits.isEmpty() ? 0 : Long.parseLong(digits, 8);
  }

  private static boolean isZero(byte[] block) {
    for (byte b : block) {
      if (b != 0) {
        return false;
      }
    }
    return true;
  }

  /** Counts what was consumed, so that entries know their offset and padding can be skipped. */
  private static final class Counting extends InputStream {
    private final InputStream in;
    private long position;

    Counting(InputStream in) {
      this.in = in;
    }

    boolean readBlock(byte[] block) throws IOException {
      int n = in.readNBytes(block, 0, BLOCK);
      position += n;
      if (n == 0) {
        return false;
      }
      if (n < BLOCK) {
        throw new EOFException("truncated tar header");
      }
      return true;
    }

    void skipPadding(long size) throws IOException {
      long rest = size % BLOCK;
      if (rest != 0) {
        skipNBytes(BLOCK - rest);
      }
    }

    @Override
    public int read() throws IOException {
      int b = in.read();
      if (b >= 0) {
        position++;
      }
      return b;
    }

    @Override
    public int read(byte[] buffer, int off, int len) throws IOException {
      int n = in.read(buffer, off, len);
      if (n > 0) {
        position += n;
      }
      return n;
    }
  }

  /** At most {@code remaining} bytes of the underlying stream; close does nothing. */
  static class Bounded extends InputStream {
    private final InputStream in;
    private long remaining;

    Bounded(InputStream in, long remaining) {
      this.in = in;
      this.remaining = remaining;
    }

    @Override
    public int read() throws IOException {
      if (remaining <= 0) {
        return -1;
      }
      int b = in.read();
      if (b >= 0) {
        remaining--;
      }
      return b;
    }

    @Override
    public int read(byte[] buffer, int off, int len) throws IOException {
      if (remaining <= 0) {
        return -1;
      }
      int n = in.read(buffer, off, (int) Math.min(len, remaining));
      if (n > 0) {
        remaining -= n;
      }
      return n;
    }

    @Override
    public void close() throws IOException {}
  }
}
