package ai.traceable.tme.server;

import io.grpc.Status;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.pekko.http.javadsl.model.AttributeKeys;
import org.apache.pekko.http.javadsl.model.ContentType;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.Trailer;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.util.ByteString;

/** HTTP/2 responses that carry gRPC replies. Stateless; the constants are immutable. */
final class GrpcReplies {
  static final ContentType GRPC = ContentTypes.parse("application/grpc");
  private static final Trailer OK_TRAILER =
      Trailer.create().addHeader(RawHeader.create("grpc-status", "0"));

  private GrpcReplies() {}

  /** A successful unary reply: one framed message, then the trailer {@code grpc-status: 0}. */
  static HttpResponse ok(ByteString framedMessage) {
    return HttpResponse.create()
        .withEntity(HttpEntities.create(GRPC, framedMessage))
        .addAttribute(AttributeKeys.trailer, OK_TRAILER);
  }

  /** A "trailers-only" error reply: the status travels in the response headers. */
  static HttpResponse error(Status status) {
    List<HttpHeader> headers =
        status.getDescription() == null
            ? List.of(RawHeader.create("grpc-status", Integer.toString(status.getCode().value())))
            : List.of(
                RawHeader.create("grpc-status", Integer.toString(status.getCode().value())),
                RawHeader.create("grpc-message", percentEncode(status.getDescription())));
    return HttpResponse.create()
        .withEntity(HttpEntities.create(GRPC, ByteString.emptyByteString()))
        .addHeaders(headers);
  }

  /** gRPC's encoding of grpc-message: printable ASCII except '%' as is, the rest as %XX. */
  static String percentEncode(String message) {
    byte[] bytes = message.getBytes(StandardCharsets.UTF_8);
    StringBuilder out = new StringBuilder(bytes.length);
    for (byte b : bytes) {
      int c = b & 0xff;
      if (c >= 0x20 && c < 0x7f && c != '%') {
        out.append((char) c);
      } else {
        out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)));
        out.append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
      }
    }
    return out.toString();
  }
}
