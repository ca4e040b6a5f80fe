package ai.traceable.tme.server;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * The checks of one connection that were admitted and not yet answered: the one count of them, read
 * by the in-flight limit, by the connection actor's idle stop and by the in-flight gauge.
 *
 * <p>A router takes a slot ({@link #enter}) before it tells the actor, so a check on its way
 * through the actor's mailbox is counted too; the evaluation gives the slot back ({@link #exit})
 * just before the answer is sent, so a caller that sends its next check as soon as it has an answer
 * finds the slot free. A connection whose actor has stopped is marked retired ({@link #retire},
 * only from zero), after which no slot is handed out and the router starts a new actor.
 *
 * <p>Thread-safe and lock-free: a single atomic integer, touched by the routing, engine and actor
 * threads.
 */
final class InFlightChecks {
  private static final int RETIRED = -1;

  /** What {@link #enter} decided. */
  enum Admission {
    /** A slot was taken: tell the actor, and exit once the check is answered. */
    ADMITTED,
    /** The limit is reached: answer the check at once without a slot. */
    FULL,
    /** The actor has stopped: route to a new one. */
    RETIRED
  }

  private final AtomicInteger count = new AtomicInteger();
  private final int limit;

  /**
   * @param limit checks one connection may have in flight ({@code tme.connection.max-in-flight})
   */
  InFlightChecks(int limit) {
    this.limit = limit;
  }

  /** Takes a slot unless the limit is reached or the connection is retired. */
  Admission enter() {
    int n;
    do {
      n = count.get();
      if (n == RETIRED) {
        return Admission.RETIRED;
      }
      if (n >= limit) {
        return Admission.FULL;
      }
    } while (!count.compareAndSet(n, n + 1));
    return Admission.ADMITTED;
  }

  /** Gives back a slot taken by {@link #enter}; exactly once per admitted check. */
  void exit() {
    count.decrementAndGet();
  }

  /** Marks the connection retired if nothing is in flight; true when it did. */
  boolean retire() {
    return count.compareAndSet(0, RETIRED);
  }

  /** Checks in flight now (0 once retired). */
  int current() {
    return Math.max(0, count.get());
  }
}
