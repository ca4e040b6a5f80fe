package ai.traceable.tme.server;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.ClassicActorSystemProvider;
import org.apache.pekko.grpc.javadsl.GrpcExceptionHandler;
import org.apache.pekko.grpc.javadsl.GrpcMarshalling;
import org.apache.pekko.grpc.javadsl.Metadata;
import org.apache.pekko.grpc.javadsl.MetadataBuilder;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.SystemMaterializer;

/**
 * Serves {@value #PATH} in place of the handler Pekko gRPC generates for it, and in the same way
 * (protocol negotiation, framing, trailers, error mapping are Pekko gRPC's), with two differences
 * that turn request data Envoy can send into decisions instead of stream errors:
 *
 * <ul>
 *   <li>messages are read by {@link ExtProcMessage#READER}, which repairs what protobuf-java
 *       refuses (invalid UTF-8, deep nesting) instead of failing the stream with {@code INTERNAL};
 *   <li>the stream has no total size limit ({@code pekko.http.server.parsing.max-content-length},
 *       which tme sets to {@code tme.grpc.max-request-bytes} for Checks): one ext_proc stream
 *       carries a whole exchange, request and response bodies included, and a streamed body may be
 *       any size. What tme keeps of each body is bounded by {@code tme.ext-proc.max-body-bytes}.
 * </ul>
 *
 * Thread-safe.
 */
final class ExtProcHandler {
  static final String PATH = "/envoy.service.ext_proc.v3.ExternalProcessor/Process";

  private static final CompletionStage<HttpResponse> UNSUPPORTED_MEDIA_TYPE =
      CompletableFuture.completedFuture(
          HttpResponse.create().withStatus(StatusCodes.UNSUPPORTED_MEDIA_TYPE));

  private final ExtProcService service;
  private final ClassicActorSystemProvider system;
  private final Materializer materializer;

  ExtProcHandler(ExtProcService service, ClassicActorSystemProvider system) {
    this.service = service;
    this.system = system;
    this.materializer = SystemMaterializer.get(system).materializer();
  }

  /** Whether {@code request} is for this handler. */
  static boolean handles(HttpRequest request) {
    return PATH.equals(request.getUri().path());
  }

  CompletionStage<HttpResponse> handle(HttpRequest request) {
    return GrpcMarshalling.negotiated(
            request,
            (reader, writer) -> {
              Metadata metadata = MetadataBuilder.fromHeaders(request.getHeaders());
              return GrpcMarshalling.unmarshalStream(
                      request.entity().withoutSizeLimit(),
                      ExtProcMessage.READER,
                      materializer,
                      reader)
                  .thenApply(in -> service.process(in, metadata))
                  .thenApply(
                      out ->
                          GrpcMarshalling.marshalStream(
                              out,
                              ExtProcMessage.WRITER,
                              writer,
                              system,
                              GrpcExceptionHandler.defaultMapper()))
                  .exceptionally(
                      e ->
                          GrpcExceptionHandler.standard(
                              e, GrpcExceptionHandler.defaultMapper(), writer, system));
            })
        .orElseGet(() -> UNSUPPORTED_MEDIA_TYPE);
  }
}
