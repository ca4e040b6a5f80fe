package ai.traceable.tme.server;

import io.envoyproxy.envoy.service.auth.v3.CheckRequest;
import io.envoyproxy.envoy.service.auth.v3.CheckResponse;
import io.grpc.Status;
import java.util.concurrent.CompletableFuture;
import org.apache.pekko.grpc.GrpcServiceException;

/** A check decoded by the generated Pekko gRPC handler. Completes once. */
final class PowerApiCall implements CheckCall {
  private final CheckRequest request;
  private final CompletableFuture<CheckResponse> reply = new CompletableFuture<>();

  private final long receivedNanos = System.nanoTime();

  PowerApiCall(CheckRequest request) {
    this.request = request;
  }

  CompletableFuture<CheckResponse> reply() {
    return reply;
  }

  @Override
  public long receivedNanos() {
    return receivedNanos;
  }

  @Override
  public CheckRequest request() {
    return request;
  }

  @Override
  public void reply(CheckResponse response) {
    reply.complete(response);
  }

  @Override
  public void fail(Status status) {
    reply.completeExceptionally(new GrpcServiceException(status));
  }
}
