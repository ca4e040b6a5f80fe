package ai.traceable.tme.server;

/** Words for protocol errors: where an exchange stood and what it expected next. */
final class ExtProcPhaseText {
  private ExtProcPhaseText() {}

  static String after(ExtProcPhase phase) {
    return switch (phase) {
      case START -> "before request_headers";
      case REQUEST_BODY -> "while the request body was awaited";
      case REQUEST_DONE -> "after the request was decided";
      case RESPONSE_BODY -> "while the response body was awaited";
      case DONE -> "after the response was complete";
      case CLOSED -> "after an immediate response";
    };
  }

  static String expected(ExtProcPhase phase) {
    return switch (phase) {
      case START -> "request_headers";
      case REQUEST_BODY -> "request_body or request_trailers";
      case REQUEST_DONE -> "request_trailers or response_headers";
      case RESPONSE_BODY -> "response_body or response_trailers";
      case DONE -> "response_trailers or the end of the stream";
      case CLOSED -> "the end of the stream";
    };
  }
}
