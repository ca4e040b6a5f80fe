package ai.traceable.tme.server;

import ai.traceable.tme.concurrent.Stages;
import io.envoyproxy.envoy.service.ext_proc.v3.ExternalProcessorPowerApi;
import io.envoyproxy.envoy.service.ext_proc.v3.ProcessingRequest;
import io.envoyproxy.envoy.service.ext_proc.v3.ProcessingResponse;
import io.grpc.Status;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.apache.pekko.NotUsed;
import org.apache.pekko.grpc.GrpcServiceException;
import org.apache.pekko.grpc.javadsl.Metadata;
import org.apache.pekko.stream.KillSwitches;
import org.apache.pekko.stream.UniqueKillSwitch;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.Source;

/**
 * {@code envoy.service.ext_proc.v3.ExternalProcessor/Process} behind Pekko gRPC's generated
 * handler: one bidirectional stream per HTTP request.
 *
 * <p>When the stream is materialized it is admitted on its connection ({@link
 * ConnectionRegistry#openStream}; the connection is the peer {@link UnaryFastPath} put into {@value
 * UnaryFastPath#PEER_HEADER}), or refused with {@code RESOURCE_EXHAUSTED} at the connection's
 * in-flight limit. Each message is handled on the engine dispatcher, one at a time and in order
 * ({@code mapAsync(1)}), and answered with exactly one message. The stream's end, whichever side
 * ends it (Envoy closing or resetting it, a protocol error, the actor's kill switch), gives the
 * slot back and tells the connection's actor at once, from the termination callback. Thread-safe.
 */
final class ExtProcService implements ExternalProcessorPowerApi {
  private final ConnectionRegistry registry;
  private final ExtProcEvaluator evaluator;
  private final Executor engineExecutor;

  ExtProcService(ConnectionRegistry registry, ExtProcEvaluator evaluator, Executor engineExecutor) {
    this.registry = registry;
    this.evaluator = evaluator;
    this.engineExecutor = engineExecutor;
  }

  @Override
  public Source<ProcessingResponse, NotUsed> process(
      Source<ProcessingRequest, NotUsed> in, Metadata metadata) {
    InetSocketAddress peer =
        metadata
            .getText(UnaryFastPath.PEER_HEADER)
            .map(UnaryFastPath::parsePeer)
            .orElse(UnaryFastPath.UNKNOWN_PEER);
    return Source.fromMaterializer((mat, attributes) -> admitted(peer, in))
        .mapMaterializedValue(ignored -> NotUsed.getInstance());
  }

  private Source<ProcessingResponse, NotUsed> admitted(
      InetSocketAddress peer, Source<ProcessingRequest, NotUsed> in) {
    StreamSlot slot = registry.openStream(peer);
    if (slot == null) {
      return Source.failed(
          new GrpcServiceException(
              Status.RESOURCE_EXHAUSTED.withDescription("too many checks in flight")));
    }
    ExtProcExchange exchange = new ExtProcExchange(evaluator);
    return in.viaMat(KillSwitches.single(), Keep.right())
        .mapAsync(1, message -> onEngine(exchange, message))
        .watchTermination(
            (UniqueKillSwitch killSwitch, CompletionStage<org.apache.pekko.Done> done) -> {
              slot.opened(killSwitch);
              Stages.plain(done).whenComplete((ok, error) -> slot.close(exchange.end()));
              return NotUsed.getInstance();
            });
  }

  /** Handles one message on an engine thread; the reply completes before metering and capture. */
  private CompletionStage<ProcessingResponse> onEngine(
      ExtProcExchange exchange, ProcessingRequest message) {
    CompletableFuture<ProcessingResponse> reply = new CompletableFuture<>();
    try {
      engineExecutor.execute(
          () -> {
            ProcessingResponse response;
            try {
              response = exchange.onMessage(message);
            } catch (GrpcServiceException e) {
              reply.completeExceptionally(e);
              return;
            } catch (RuntimeException | StackOverflowError e) {
              evaluator.internalError();
              reply.completeExceptionally(
                  new GrpcServiceException(
                      Status.INTERNAL.withDescription("ext_proc message failed: " + e)));
              return;
            }
            reply.complete(response);
            exchange.afterReply();
          });
    } catch (RejectedExecutionException e) {
      reply.completeExceptionally(
          new GrpcServiceException(Status.UNAVAILABLE.withDescription("tme is shutting down")));
    }
    return reply;
  }
}
