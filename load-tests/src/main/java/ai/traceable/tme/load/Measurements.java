package ai.traceable.tme.load;

import io.envoyproxy.envoy.service.auth.v3.CheckResponse;
import io.grpc.Status;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Where completions are recorded: a latency {@link Recorder} read in intervals, and the {@link
 * Tally} of the current phase. Thread-safe: many threads record while one thread reads intervals
 * and switches phases.
 */
final class Measurements {
  private static final int OK = Status.Code.OK.value();
  private static final int PERMISSION_DENIED = Status.Code.PERMISSION_DENIED.value();

  private final Recorder latency = new Recorder(3);
  private volatile Tally tally = new Tally();
  private volatile long phaseStartNanos = System.nanoTime();

  /**
   * A check started (or was due) at {@code startNanos} was answered at {@code endNanos}. Checks
   * that started before the current phase are not counted in it: otherwise a backlog built during
   * the warm-up (an open loop catching up) would show as the measured window's latency and rate.
   */
  void answered(CheckResponse response, long startNanos, long endNanos) {
    if (startNanos - phaseStartNanos < 0) {
      return;
    }
    latency.recordValue(Math.max(0, TimeUnit.NANOSECONDS.toMicros(endNanos - startNanos)));
    int code = response.getStatus().getCode();
    if (code == OK) {
      tally.ok();
    } else if (code == PERMISSION_DENIED) {
      tally.denied();
    } else {
      tally.error("check-status-" + code);
    }
  }

  /** The call started at {@code startNanos} failed (deadline, connection, UNIMPLEMENTED, ...). */
  void failed(Status status, long startNanos) {
    if (startNanos - phaseStartNanos < 0) {
      return;
    }
    tally.error(status.getCode().name());
  }

  /** Latencies recorded since the previous call. */
  Histogram interval() {
    return latency.getIntervalHistogram();
  }

  /** The current phase's tally, read without ending the phase. */
  Tally current() {
    return tally;
  }

  /** Ends the current phase: returns its tally and starts counting into a fresh one. */
  Tally nextPhase() {
    Tally ended = tally;
    phaseStartNanos = System.nanoTime();
    tally = new Tally();
    return ended;
  }
}
