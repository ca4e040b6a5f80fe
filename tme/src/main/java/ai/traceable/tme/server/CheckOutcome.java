package ai.traceable.tme.server;

/** How one Check call ended, for per-connection counters. */
enum CheckOutcome {
  ALLOWED,
  DENIED,
  /** Allowed, but matched rules that would deny in block mode or are monitor-only. */
  MONITORED,
  /** Allowed because evaluation failed and tme.engine.on-error is allow. */
  FAILED_OPEN,
  /** Denied because evaluation failed and tme.engine.on-error is deny. */
  FAILED_CLOSED,
  /** The request could not be decoded; answered with a gRPC error. */
  INVALID,
  /** Refused by the per-connection in-flight limit. */
  REJECTED
}
