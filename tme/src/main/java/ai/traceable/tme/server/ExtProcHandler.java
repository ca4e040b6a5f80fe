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
 * (protocol negotiation, framing, trailers, error mapping are Pekko gRPC's), except that messages
 * are read by {@link ExtProcMessage#READER}: it repairs what protobuf-java refuses (invalid UTF-8,
 * deep nesting), so that request data Envoy passes on unchecked gets a decision instead of failing
 * the stream with {@code INTERNAL}. Thread-safe.
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
                      request.entity(), ExtProcMessage.READER, materializer, reader)
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
