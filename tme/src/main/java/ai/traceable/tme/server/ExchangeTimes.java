package ai.traceable.tme.server;

import java.time.Instant;

/**
 * When the messages of one ext_proc exchange arrived, in {@link System#nanoTime()} (0: not seen),
 * and the wall-clock start. The gap from the request's decision to the response headers is the time
 * Envoy spent upstream. Owned by one exchange, under its lock.
 */
final class ExchangeTimes {
  long startEpochNanos;
  long requestHeaders;
  long decided;
  long responseHeaders;
  long end;

  /** Request decided to response headers: the upstream's time as Envoy saw it, or -1. */
  long upstreamNanos() {
    return decided == 0 || responseHeaders == 0 ? -1 : responseHeaders - decided;
  }

  /** Request headers to the end of the exchange (or to now). */
  long totalNanos() {
    long stop = end != 0 ? end : System.nanoTime();
    return requestHeaders == 0 ? 0 : stop - requestHeaders;
  }

  static long epochNanos() {
    Instant now = Instant.now();
    return now.getEpochSecond() * 1_000_000_000L + now.getNano();
  }
}
