package ai.traceable.tme.load;

import java.time.Duration;

/** Issues checks until stopped: closed loop or open loop. */
interface Driver {
  /** Starts issuing checks; returns at once. */
  void start();

  /**
   * Called as the measured window opens. An open loop that fell behind during the warm-up (a cold
   * JVM on either side) drops its unsent backlog here, so the window measures the steady state at
   * the configured rate instead of the warm-up's catch-up.
   */
  default void measuring() {}

  /**
   * Stops issuing checks and waits for the ones in flight.
   *
   * @return whether every check in flight finished within {@code grace}
   */
  boolean stop(Duration grace) throws InterruptedException;
}
