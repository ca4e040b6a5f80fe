package ai.traceable.tme.load;

import io.envoyproxy.envoy.service.auth.v3.AuthorizationGrpc;
import io.envoyproxy.envoy.service.auth.v3.CheckRequest;
import io.envoyproxy.envoy.service.auth.v3.CheckResponse;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.Status;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Sends one asynchronous {@code Check} and records its outcome. Stateless; the callbacks run on the
 * channel's executor (the Netty event loop with {@code directExecutor()}), so a continuation must
 * not block.
 */
final class CheckCalls {
  /** What to do after a call finished; {@code failed} says whether the call itself failed. */
  interface Continuation {
    void finished(boolean failed);
  }

  private CheckCalls() {}

  /**
   * @param startNanos {@link System#nanoTime()} the latency is measured from: the actual send time
   *     in closed loop, the intended send time in open loop
   */
  static void send(
      Channel channel,
      CheckRequest request,
      Duration timeout,
      long startNanos,
      Measurements measurements,
      Continuation then) {
    CallOptions options =
        CallOptions.DEFAULT.withDeadlineAfter(timeout.toNanos(), TimeUnit.NANOSECONDS);
    ClientCalls.asyncUnaryCall(
        channel.newCall(AuthorizationGrpc.getCheckMethod(), options),
        request,
        new Completion(startNanos, measurements, then));
  }

  private static final class Completion implements StreamObserver<CheckResponse> {
    private final long startNanos;
    private final Measurements measurements;
    private final Continuation then;

    Completion(long startNanos, Measurements measurements, Continuation then) {
      this.startNanos = startNanos;
      this.measurements = measurements;
      this.then = then;
    }

    @Override
    public void onNext(CheckResponse response) {
      measurements.answered(response, startNanos, System.nanoTime());
    }

    @Override
    public void onError(Throwable error) {
      measurements.failed(Status.fromThrowable(error), startNanos);
      then.finished(true);
    }

    @Override
    public void onCompleted() {
      then.finished(false);
    }
  }
}
