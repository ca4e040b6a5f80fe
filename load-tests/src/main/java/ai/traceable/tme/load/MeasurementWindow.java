package ai.traceable.tme.load;

/**
 * Told when the measured window of a run opens and closes (after warm-up, before drain), for
 * example to read a server's CPU time over exactly that window. Called on the thread that runs the
 * load; implementations should return quickly.
 */
public interface MeasurementWindow {
  /** A window that does nothing. */
  MeasurementWindow NONE = new MeasurementWindow() {};

  default void opened() {}

  default void closed() {}
}
