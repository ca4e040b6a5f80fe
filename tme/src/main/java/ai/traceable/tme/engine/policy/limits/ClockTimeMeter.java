package ai.traceable.tme.engine.policy.limits;

import io.github.bucket4j.TimeMeter;
import java.util.function.LongSupplier;

/**
 * A bucket4j {@link TimeMeter} reading an injected nanosecond clock, so that buckets refill on the
 * same time source as the tables that hold them (and tests can move it). Thread-safe if the clock
 * is.
 */
public final class ClockTimeMeter implements TimeMeter {
  private final LongSupplier nanoClock;

  public ClockTimeMeter(LongSupplier nanoClock) {
    this.nanoClock = nanoClock;
  }

  @Override
  public long currentTimeNanos() {
    return nanoClock.getAsLong();
  }

  @Override
  public boolean isWallClockBased() {
    return false;
  }
}
