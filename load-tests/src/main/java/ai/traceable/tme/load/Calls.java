package ai.traceable.tme.load;

import io.envoyproxy.envoy.service.auth.v3.CheckRequest;
import io.grpc.Channel;
import java.time.Duration;

/**
 * One unit of load on a channel, for one of the protocols: a Check ({@link CheckCalls}), or a whole
 * ext_proc exchange ({@link ExtProcCalls}). Implementations are stateless and thread-safe.
 */
interface Calls {
  /**
   * Sends one unit built from {@code request} and records its outcome.
   *
   * @param startNanos {@link System#nanoTime()} the latency is measured from
   */
  void send(
      Channel channel,
      CheckRequest request,
      Duration timeout,
      long startNanos,
      Measurements measurements,
      CheckCalls.Continuation then);
}
