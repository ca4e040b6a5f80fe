package ai.traceable.tme.server;

/**
 * Where one ext_proc exchange stands, in the order Envoy's filter sends its messages. Each kind of
 * message is accepted only in the phases listed in {@link ExtProcExchange}; any other order is a
 * protocol error.
 */
enum ExtProcPhase {
  /** Nothing received yet: only request headers may come. */
  START,
  /** Request headers answered, the request body (or its trailers) awaited before deciding. */
  REQUEST_BODY,
  /** The request was decided and let through: request trailers or response headers may come. */
  REQUEST_DONE,
  /** Response headers answered, the response body (or its trailers) awaited. */
  RESPONSE_BODY,
  /** The response was inspected; only its trailers may still come. */
  DONE,
  /** An immediate response ended the exchange; Envoy sends nothing more. */
  CLOSED
}
