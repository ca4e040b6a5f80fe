package ai.traceable.tme.server;

/** How one Check call or ext_proc exchange ended, for per-connection counters. */
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
  REJECTED,
  /** Its grpc-timeout had passed when its turn came; answered DEADLINE_EXCEEDED, not evaluated. */
  EXPIRED,
  /** An ext_proc stream that Envoy ended before its exchange was complete. */
  ABANDONED
}
