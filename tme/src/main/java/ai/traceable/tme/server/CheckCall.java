package ai.traceable.tme.server;

import com.google.protobuf.InvalidProtocolBufferException;
import io.envoyproxy.envoy.service.auth.v3.CheckRequest;
import io.envoyproxy.envoy.service.auth.v3.CheckResponse;
import io.grpc.Status;

/**
 * One Check call waiting for its answer, independent of the HTTP/2 path that delivered it.
 *
 * <p>Exactly one of {@link #reply} or {@link #fail} is called, once, from any thread.
 */
interface CheckCall {

  /** {@code grpc-timeout} absent: the call has no deadline. */
  long NO_TIMEOUT = -1;

  /** {@link System#nanoTime()} when the call arrived, for the check latency histogram. */
  long receivedNanos();

  /**
   * The call's {@code grpc-timeout} in nanoseconds from {@link #receivedNanos()}, or {@link
   * #NO_TIMEOUT}.
   */
  default long timeoutNanos() {
    return NO_TIMEOUT;
  }

  /** The request message; decoding may happen lazily on the calling (engine) thread. */
  CheckRequest request() throws InvalidProtocolBufferException;

  /**
   * The request message and what could not be inspected of it ({@link
   * ai.traceable.tme.metrics.CheckMetrics.Partial} bits); decoding may happen lazily on the calling
   * (engine) thread.
   */
  default CheckRequestRepair.Decoded decode() throws InvalidProtocolBufferException {
    return new CheckRequestRepair.Decoded(request(), 0);
  }

  /** Completes the call with a response message (gRPC status OK). */
  void reply(CheckResponse response);

  /** Completes the call with a non-OK gRPC status. */
  void fail(Status status);
}
