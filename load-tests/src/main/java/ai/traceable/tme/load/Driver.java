package ai.traceable.tme.load;

import java.time.Duration;

/** Issues checks until stopped: closed loop or open loop. */
interface Driver {
  /** Starts issuing checks; returns at once. */
  void start();

  /**
   * Stops issuing checks and waits for the ones in flight.
   *
   * @return whether every check in flight finished within {@code grace}
   */
  boolean stop(Duration grace) throws InterruptedException;
}
