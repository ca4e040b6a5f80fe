package ai.traceable.tme.engine.seclang.ftw;

import ai.traceable.tme.engine.seclang.SecLangRequest;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Parses a raw HTTP/1 request ({@code encoded_request}) into what a front proxy would forward:
 * request line, headers and the body, de-chunked. Anything malformed is not expressible.
 */
final class RawHttp {

  private RawHttp() {}

  static FtwRequest.Built parse(byte[] raw) {
    String text = new String(raw, StandardCharsets.ISO_8859_1);
    int end = text.indexOf("\r\n\r\n");
    if (end < 0) {
      return new FtwRequest.NotExpressible("raw request without the end of its headers");
    }
    String[] lines = text.substring(0, end).split("\r\n", -1);
    String[] requestLine = lines[0].split(" ", -1);
    if (requestLine.length != 3) {
      return new FtwRequest.NotExpressible("malformed raw request line");
    }
    List<SecLangRequest.Header> headers = new ArrayList<>();
    boolean chunked = false;
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      if (colon <= 0) {
        return new FtwRequest.NotExpressible("malformed raw header line");
      }
      String name = lines[i].substring(0, colon);
      String value = lines[i].substring(colon + 1).strip();
      chunked |= name.equalsIgnoreCase("Transfer-Encoding") && value.equalsIgnoreCase("chunked");
      headers.add(new SecLangRequest.Header(name, value));
    }
    byte[] body = Arrays.copyOfRange(raw, end + 4, raw.length);
    if (chunked) {
      body = dechunk(body);
      if (body == null) {
        return new FtwRequest.NotExpressible("malformed chunked body");
      }
    }
    return FtwRequest.check(requestLine[0], requestLine[1], requestLine[2], headers, body);
  }

  private static byte[] dechunk(byte[] body) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    String s = new String(body, StandardCharsets.ISO_8859_1);
    int pos = 0;
    while (true) {
      int nl = s.indexOf("\r\n", pos);
      if (nl < 0) {
        return null;
      }
      int size;
      try {
        size = Integer.parseInt(s.substring(pos, nl).strip(), 16);
      } catch (NumberFormatException e) {
        return null;
      }
      if (size == 0) {
        return out.toByteArray();
      }
      if (nl + 2 + size > body.length) {
        return null;
      }
      out.write(body, nl + 2, size);
      pos = nl + 2 + size + 2;
    }
  }
}
