package ai.traceable.tme.server;

import ai.traceable.tme.concurrent.Stages;
import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import io.grpc.Status;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.LongAdder;
import org.apache.pekko.http.javadsl.model.AttributeKeys;
import org.apache.pekko.http.javadsl.model.HttpEntity;
import org.apache.pekko.http.javadsl.model.HttpMethods;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.RemoteAddress;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.japi.function.Function;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.util.ByteString;

/**
 * The request handler of the gRPC port. A unary Check whose body arrived whole (delivered as a
 * strict entity) is decoded here, with bounds on its framed and inflated size, and routed to its
 * connection's actor without materialising a stream; larger bodies are collected (bounded) and
 * decoded the same way. Everything that is not a Check over {@code application/grpc} goes to Pekko
 * gRPC's generated handler, which answers unknown methods and other content types.
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
  private static final Duration COLLECT_TIMEOUT = Duration.ofSeconds(10);

  private final transient ConnectionRegistry registry;
  private final transient Function<HttpRequest, CompletionStage<HttpResponse>> generated;
  private final transient CheckResponses responses;
  private final transient HttpResponse cleanAllowReply;
  private final int maxMessageBytes;
  private final transient LongAdder fastPathCalls = new LongAdder();
  private final transient LongAdder generatedCalls = new LongAdder();
  private final transient LongAdder collectedCalls = new LongAdder();
  private final transient Materializer materializer;

  UnaryFastPath(
      ConnectionRegistry registry,
      Function<HttpRequest, CompletionStage<HttpResponse>> generated,
      CheckResponses responses,
      int maxMessageBytes,
      Materializer materializer) {
    this.materializer = materializer;
    this.registry = registry;
    this.generated = generated;
    this.responses = responses;
    this.cleanAllowReply = GrpcReplies.ok(GrpcFrames.frame(responses.cleanAllow()));
    this.maxMessageBytes = maxMessageBytes;
  }

  @Override
  public CompletionStage<HttpResponse> apply(HttpRequest request) throws Exception {
    if (!isCheck(request)) {
      return viaGenerated(request);
    }
    if (request.entity() instanceof HttpEntity.Strict strict) {
      fastPathCalls.increment();
      return decode(strict.getData(), request);
    }
    // A body larger than the strict-collection threshold: collect it, keeping at most one message
    // of the limit (the rest is read and dropped, so an oversized message is still inspected from
    // its prefix), then decode it the same way. This materialises a stream, but only for unusually
    // large checks.
    collectedCalls.increment();
    long keep = (long) maxMessageBytes + GrpcFrames.HEADER_BYTES;
    return Stages.plain(
            request
                .entity()
                .withoutSizeLimit()
                .getDataBytes()
                .completionTimeout(COLLECT_TIMEOUT)
                .runFold(Collected.EMPTY, (c, bytes) -> c.add(bytes, keep), materializer))
        .thenCompose(c -> decode(c.kept(), c.total(), request))
        .exceptionally(UnaryFastPath::collectFailure);
  }

  /** A body being collected: its first bytes, up to a bound, and how many arrived in all. */
  private record Collected(ByteString kept, long total) {
    static final Collected EMPTY = new Collected(ByteString.emptyByteString(), 0);

    Collected add(ByteString bytes, long keep) {
      long room = keep - kept.size();
      ByteString more =
          room <= 0 ? kept : kept.concat(bytes.take((int) Math.min(room, bytes.size())));
      return new Collected(more, total + bytes.size());
    }
  }

  private CompletionStage<HttpResponse> decode(ByteString body, HttpRequest request) {
    return decode(body, body.size(), request);
  }

  private CompletionStage<HttpResponse> decode(ByteString kept, long total, HttpRequest request) {
    GrpcFrames.Read read = GrpcFrames.readSingle(kept, total, maxMessageBytes);
    if (read instanceof GrpcFrames.Message message) {
      return submit(message.payload(), false, request);
    }
    if (read instanceof GrpcFrames.Compressed compressed) {
      return inflateAndSubmit(compressed.payload(), request);
    }
    if (read instanceof GrpcFrames.TooLarge tooLarge) {
      // inspected from its prefix, as a partial check, rather than refused: a refusal is an
      // ext_authz error, which Envoy's failure_mode_allow usually lets through
      if (!tooLarge.compressed()) {
        return submit(tooLarge.prefix(), true, request);
      }
      if (!isGzip(request)) {
        return unsupportedEncoding(request);
      }
      return submit(GzipMessages.inflatePrefix(tooLarge.prefix(), maxMessageBytes), true, request);
    }
    return error(Status.INTERNAL, ((GrpcFrames.Malformed) read).reason());
  }

  private CompletionStage<HttpResponse> inflateAndSubmit(ByteString payload, HttpRequest request) {
    if (!isGzip(request)) {
      return unsupportedEncoding(request);
    }
    GzipMessages.Inflated inflated = GzipMessages.inflate(payload, maxMessageBytes);
    if (inflated instanceof GzipMessages.Ok ok) {
      return submit(ok.message(), false, request);
    }
    if (inflated instanceof GzipMessages.TooLarge tooLarge) {
      return submit(tooLarge.prefix(), true, request);
    }
    return error(Status.INTERNAL, ((GzipMessages.Corrupt) inflated).reason());
  }

  private static boolean isGzip(HttpRequest request) {
    return request.getHeader("grpc-encoding").map(h -> h.value()).orElse("").equals("gzip");
  }

  private static CompletionStage<HttpResponse> unsupportedEncoding(HttpRequest request) {
    String encoding = request.getHeader("grpc-encoding").map(h -> h.value()).orElse("");
    return error(
        Status.UNIMPLEMENTED,
        "compressed message with unsupported grpc-encoding '" + encoding + "' (gzip only)");
  }

  /**
   * @param cut whether {@code message} is the first bytes of a larger message
   */
  private CompletionStage<HttpResponse> submit(
      ByteString message, boolean cut, HttpRequest request) {
    FastPathCall call =
        new FastPathCall(
            message, cut, timeoutNanos(request), responses.cleanAllow(), cleanAllowReply);
    registry.submit(peerOf(request), call);
    return call.reply();
  }

  private static long timeoutNanos(HttpRequest request) {
    Optional<org.apache.pekko.http.javadsl.model.HttpHeader> timeout =
        request.getHeader(GrpcTimeout.HEADER);
    return timeout.isEmpty() ? CheckCall.NO_TIMEOUT : GrpcTimeout.parseNanos(timeout.get().value());
  }

  private static CompletionStage<HttpResponse> error(Status status, String description) {
    return CompletableFuture.completedFuture(
        GrpcReplies.error(status.withDescription(description)));
  }

  private static HttpResponse collectFailure(Throwable error) {
    return GrpcReplies.error(
        Status.INTERNAL.withDescription("cannot read request body: " + error.getMessage()));
  }

  private CompletionStage<HttpResponse> viaGenerated(HttpRequest request) throws Exception {
    generatedCalls.increment();
    return generated.apply(withPeerHeader(request));
  }

  /** Checks decoded by the fast path since start. */
  long fastPathCalls() {
    return fastPathCalls.sum();
  }

  /** Checks whose body had to be collected from a stream since start. */
  long collectedCalls() {
    return collectedCalls.sum();
  }

  /** Requests handed to the generated handler since start. */
  long generatedCalls() {
    return generatedCalls.sum();
  }

  private static boolean isCheck(HttpRequest request) {
    if (request.method() != HttpMethods.POST) {
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
