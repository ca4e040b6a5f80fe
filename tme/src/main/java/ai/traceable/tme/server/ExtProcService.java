package ai.traceable.tme.server;

import ai.traceable.tme.concurrent.Stages;
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
 * {@code envoy.service.ext_proc.v3.ExternalProcessor/Process} behind {@link ExtProcHandler}: one
 * bidirectional stream per HTTP request.
 *
 * <p>When the stream is materialized it is admitted on its connection ({@link
 * ConnectionRegistry#openStream}; the connection is the peer {@link UnaryFastPath} put into {@value
 * UnaryFastPath#PEER_HEADER}), or refused at the connection's in-flight limit: with {@code
 * RESOURCE_EXHAUSTED}, or under {@code tme.check.on-overload = deny} (block mode) with a
 * fail-closed denial of its first message. A stream's {@code grpc-timeout}, when Envoy sends one,
 * caps the engine's time budget and ends the stream with {@code DEADLINE_EXCEEDED} once passed.
 * Each message is handled on the engine dispatcher, one at a time and in order ({@code
 * mapAsync(1)}), and answered with exactly one message. The stream's end, whichever side ends it
 * (Envoy closing or resetting it, a protocol error, the actor's kill switch), gives the slot back
 * and tells the connection's actor at once, from the termination callback. Thread-safe.
 */
final class ExtProcService {
  private final ConnectionRegistry registry;
  private final ExtProcEvaluator evaluator;
  private final Executor engineExecutor;

  ExtProcService(ConnectionRegistry registry, ExtProcEvaluator evaluator, Executor engineExecutor) {
    this.registry = registry;
    this.evaluator = evaluator;
    this.engineExecutor = engineExecutor;
  }

  Source<ProcessingResponse, NotUsed> process(
      Source<ExtProcMessage, NotUsed> in, Metadata metadata) {
    long opened = evaluator.now();
    InetSocketAddress peer =
        metadata
            .getText(UnaryFastPath.PEER_HEADER)
            .map(UnaryFastPath::parsePeer)
            .orElse(UnaryFastPath.UNKNOWN_PEER);
    long timeout =
        metadata
            .getText(GrpcTimeout.HEADER)
            .map(GrpcTimeout::parseNanos)
            .orElse(CheckCall.NO_TIMEOUT);
    return Source.fromMaterializer((mat, attributes) -> admitted(peer, in, opened, timeout))
        .mapMaterializedValue(ignored -> NotUsed.getInstance());
  }

  private Source<ProcessingResponse, NotUsed> admitted(
      InetSocketAddress peer, Source<ExtProcMessage, NotUsed> in, long opened, long timeout) {
    StreamSlot slot = registry.openStream(peer);
    if (slot == null) {
      if (evaluator.denyOnOverload()) {
        // nothing was inspected: deny the exchange outright rather than let an error open it
        ProcessingResponse denial = evaluator.overloadDenial();
        return in.take(1).map(first -> denial);
      }
      return Source.failed(
          new GrpcServiceException(
              Status.RESOURCE_EXHAUSTED.withDescription("too many checks in flight")));
    }
    boolean hasDeadline = timeout != CheckCall.NO_TIMEOUT;
    ExtProcExchange exchange =
        new ExtProcExchange(evaluator, hasDeadline, hasDeadline ? opened + timeout : 0);
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
      ExtProcExchange exchange, ExtProcMessage message) {
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
