package ai.traceable.tme.load;

import io.envoyproxy.envoy.service.auth.v3.AttributeContext;
import io.envoyproxy.envoy.service.auth.v3.CheckRequest;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;

/**
 * The HTTP/1.1 request behind an ext_authz {@link CheckRequest}, so that a web server sees what tme
 * is asked about: the method, the path with its query, every header except the HTTP/2
 * pseudo-headers ({@code :authority} becomes {@code Host}) and the body. And the least of an
 * HTTP/1.1 response reader a keep-alive client needs. Stateless.
 */
final class HttpRequests {
  private static final int MAX_HEAD = 64 * 1024;

  private HttpRequests() {}

  /** The request's bytes on the wire, with {@code Connection: keep-alive}. */
  static byte[] toHttp(CheckRequest check) {
    AttributeContext.HttpRequest http = check.getAttributes().getRequest().getHttp();
    StringBuilder head = new StringBuilder();
    head.append(http.getMethod()).append(' ').append(http.getPath()).append(" HTTP/1.1\r\n");
    Map<String, String> headers = http.getHeadersMap();
    String host = headers.getOrDefault("host", headers.getOrDefault(":authority", http.getHost()));
    head.append("Host: ").append(host).append("\r\n");
    byte[] body =
        http.getRawBody().isEmpty()
            ? http.getBody().getBytes(StandardCharsets.UTF_8)
            : http.getRawBody().toByteArray();
    for (Map.Entry<String, String> header : headers.entrySet()) {
      String name = header.getKey();
      if (name.startsWith(":")
          || name.equals("host")
          || name.equals("content-length")
          || name.equals("connection")) {
        continue;
      }
      head.append(name).append(": ").append(header.getValue()).append("\r\n");
    }
    if (body.length > 0 || !http.getMethod().equals("GET")) {
      head.append("content-length: ").append(body.length).append("\r\n");
    }
    head.append("connection: keep-alive\r\n\r\n");
    byte[] start = head.toString().getBytes(StandardCharsets.UTF_8);
    byte[] all = new byte[start.length + body.length];
    System.arraycopy(start, 0, all, 0, start.length);
    System.arraycopy(body, 0, all, start.length, body.length);
    return all;
  }

  /**
   * The connection ended before the first byte of a response: on a kept-alive connection, the
   * server closed it while idle (Apache's event MPM does so when its workers are busy), and the
   * request may be sent again on a new one.
   */
  static final class ClosedBeforeResponse extends EOFException {
    ClosedBeforeResponse() {
      super("connection closed before a response");
    }
  }

  /** What the client needs of a response: its status and whether the server closes. */
  record Response(int status, boolean close) {}

  /**
   * Reads one whole response (head and a {@code Content-Length} or chunked body) from {@code in}.
   *
   * @throws ClosedBeforeResponse if the connection ends before the response starts
   * @throws EOFException if the connection ends within the response
   * @throws IOException if the response is not HTTP/1.x
   */
  static Response read(InputStream in) throws IOException {
    String head = readHead(in);
    String[] lines = head.split("\r\n");
    String[] status = lines[0].split(" ", 3);
    if (status.length < 2 || !status[0].startsWith("HTTP/1.")) {
      throw new IOException("not an HTTP/1.x response: " + lines[0]);
    }
    long length = -1;
    boolean chunked = false;
    boolean close = status[0].equals("HTTP/1.0");
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      if (colon <= 0) {
        continue;
      }
      String name = lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT);
      String value = lines[i].substring(colon + 1).trim().toLowerCase(Locale.ROOT);
      switch (name) {
        case "content-length" -> length = Long.parseLong(value);
        case "transfer-encoding" -> chunked = value.contains("chunked");
        case "connection" -> close = value.contains("close");
        default -> {}
      }
    }
    if (chunked) {
      skipChunks(in);
    } else if (length >= 0) {
      skip(in, length);
    } else {
      // no length: the body ends with the connection
      in.transferTo(java.io.OutputStream.nullOutputStream());
      close = true;
    }
    return new Response(Integer.parseInt(status[1]), close);
  }

  private static String readHead(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream(512);
    int matched = 0;
    while (matched < 4) {
      int b = in.read();
      if (b < 0) {
        throw head.size() == 0
            ? new ClosedBeforeResponse()
            : new EOFException("connection closed in a response head");
      }
      head.write(b);
      matched = (b == (matched % 2 == 0 ? '\r' : '\n')) ? matched + 1 : (b == '\r' ? 1 : 0);
      if (head.size() > MAX_HEAD) {
        throw new IOException("response head longer than " + MAX_HEAD + " bytes");
      }
    }
    return head.toString(StandardCharsets.ISO_8859_1);
  }

  private static void skipChunks(InputStream in) throws IOException {
    while (true) {
      String size = readLine(in);
      int semicolon = size.indexOf(';');
      long length =
          Long.parseLong((semicolon < 0 ? size : size.substring(0, semicolon)).trim(), 16);
      if (length == 0) {
        // trailers, up to the empty line
        while (!readLine(in).isEmpty()) {
          // skip
        }
        return;
      }
      skip(in, length);
      readLine(in);
    }
  }

  private static String readLine(InputStream in) throws IOException {
    StringBuilder line = new StringBuilder();
    int b;
    while ((b = in.read()) != '\n') {
      if (b < 0) {
        throw new EOFException("connection closed in a chunked body");
      }
      if (b != '\r') {
        line.append((char) b);
      }
    }
    return line.toString();
  }

  private static void skip(InputStream in, long length) throws IOException {
    long left = length;
    while (left > 0) {
      long skipped = in.skip(left);
      if (skipped <= 0) {
        if (in.read() < 0) {
          throw new EOFException("connection closed in a response body");
        }
        skipped = 1;
      }
      left -= skipped;
    }
  }
}
