package ai.traceable.tme.server;

import io.envoyproxy.envoy.service.auth.v3.CheckRequest;
import io.envoyproxy.envoy.service.auth.v3.CheckResponse;
import io.grpc.Status;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A call that records how it was answered: the {@link CheckResponse}, or the failed status's code.
 * Only the first answer counts, as for the real calls.
 */
class RecordingCall implements CheckCall {
  final AtomicReference<Object> result = new AtomicReference<>();
  private final long received = System.nanoTime();

  @Override
  public long receivedNanos() {
    return received;
  }

  @Override
  public CheckRequest request() {
    return Requests.get("/x");
  }

  @Override
  public void reply(CheckResponse response) {
    result.compareAndSet(null, response);
  }

  @Override
  public void fail(Status status) {
    result.compareAndSet(null, status.getCode());
  }

  boolean answered() {
    return result.get() != null;
  }
}
