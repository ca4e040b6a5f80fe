package ai.traceable.tme.server;

import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import io.grpc.Status;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.http.javadsl.model.AttributeKeys;
import org.apache.pekko.http.javadsl.model.HttpEntity;
import org.apache.pekko.http.javadsl.model.HttpMethods;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.RemoteAddress;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.japi.function.Function;

/**
 * The request handler of the gRPC port. A unary Check whose body arrived whole (one HTTP/2 DATA
 * frame, delivered as a strict entity) holding one uncompressed message is decoded here and routed
 * to its connection's actor without materialising a stream; everything else goes to Pekko gRPC's
 * generated handler, which handles compression, streamed bodies, unknown methods and errors.
 *
 * <p>Why: the generated Java unary path runs a stream per call, which costs an order of magnitude
 * more CPU per check than the check itself (see docs/adr/0002-unary-fast-path.md).
 *
 * <p>Thread-safe and stateless per call.
 */
final class UnaryFastPath implements Function<HttpRequest, CompletionStage<HttpResponse>> {
  static final String CHECK_PATH = "/envoy.service.auth.v3.Authorization/Check";

  /** Carries the peer address to the generated handler's service implementation. */
  static final String PEER_HEADER = "x-tme-peer";

  static final InetSocketAddress UNKNOWN_PEER = new InetSocketAddress(0);

  private static final long serialVersionUID = 1L;

  private final transient ConnectionRegistry registry;
  private final transient Function<HttpRequest, CompletionStage<HttpResponse>> generated;
  private final transient CheckResponses responses;
  private final transient HttpResponse cleanAllowReply;
  private final int maxMessageBytes;

  UnaryFastPath(
      ConnectionRegistry registry,
      Function<HttpRequest, CompletionStage<HttpResponse>> generated,
      CheckResponses responses,
      int maxMessageBytes) {
    this.registry = registry;
    this.generated = generated;
    this.responses = responses;
    this.cleanAllowReply = GrpcReplies.ok(GrpcFrames.frame(responses.cleanAllow()));
    this.maxMessageBytes = maxMessageBytes;
  }

  @Override
  public CompletionStage<HttpResponse> apply(HttpRequest request) throws Exception {
    if (!isStrictCheck(request)) {
      return generated.apply(withPeerHeader(request));
    }
    HttpEntity.Strict entity = (HttpEntity.Strict) request.entity();
    GrpcFrames.Read read = GrpcFrames.readSingle(entity.getData(), maxMessageBytes);
    if (read instanceof GrpcFrames.Message message) {
      FastPathCall call =
          new FastPathCall(message.payload(), responses.cleanAllow(), cleanAllowReply);
      registry.submit(peerOf(request), call);
      return call.reply();
    }
    if (read instanceof GrpcFrames.Compressed) {
      return generated.apply(withPeerHeader(request));
    }
    if (read instanceof GrpcFrames.TooLarge tooLarge) {
      return CompletableFuture.completedFuture(
          GrpcReplies.error(
              Status.RESOURCE_EXHAUSTED.withDescription(
                  "CheckRequest of "
                      + tooLarge.length()
                      + " bytes exceeds tme.grpc.max-request-bytes="
                      + maxMessageBytes)));
    }
    String reason = ((GrpcFrames.Malformed) read).reason();
    return CompletableFuture.completedFuture(
        GrpcReplies.error(Status.INTERNAL.withDescription(reason)));
  }

  private static boolean isStrictCheck(HttpRequest request) {
    if (request.method() != HttpMethods.POST || !request.entity().isStrict()) {
      return false;
    }
    String media = request.entity().getContentType().mediaType().toString();
    if (!media.equals("application/grpc") && !media.equals("application/grpc+proto")) {
      return false;
    }
    return CHECK_PATH.equals(request.getUri().path());
  }

  static InetSocketAddress peerOf(HttpRequest request) {
    Optional<RemoteAddress> remote = request.getAttribute(AttributeKeys.remoteAddress);
    if (remote.isEmpty()) {
      return UNKNOWN_PEER;
    }
    Optional<InetAddress> address = remote.get().getAddress();
    return address.map(a -> new InetSocketAddress(a, remote.get().getPort())).orElse(UNKNOWN_PEER);
  }

  private static HttpRequest withPeerHeader(HttpRequest request) {
    InetSocketAddress peer = peerOf(request);
    String value = peer.getAddress().getHostAddress() + "|" + peer.getPort();
    return request.removeHeader(PEER_HEADER).addHeader(RawHeader.create(PEER_HEADER, value));
  }

  /** Parses the value written by {@link #withPeerHeader}; never resolves names. */
  static InetSocketAddress parsePeer(String value) {
    int bar = value.lastIndexOf('|');
    if (bar < 0) {
      return UNKNOWN_PEER;
    }
    IPAddress ip = new IPAddressString(value.substring(0, bar)).getAddress();
    if (ip == null) {
      return UNKNOWN_PEER;
    }
    try {
      return new InetSocketAddress(ip.toInetAddress(), Integer.parseInt(value.substring(bar + 1)));
    } catch (IllegalArgumentException e) {
      return UNKNOWN_PEER;
    }
  }
}
