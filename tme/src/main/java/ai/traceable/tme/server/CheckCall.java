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

  /** {@link System#nanoTime()} when the call arrived, for the check latency histogram. */
  long receivedNanos();

  /** The request message; decoding may happen lazily on the calling (engine) thread. */
  CheckRequest request() throws InvalidProtocolBufferException;

  /** Completes the call with a response message (gRPC status OK). */
  void reply(CheckResponse response);

  /** Completes the call with a non-OK gRPC status. */
  void fail(Status status);
}
