package ai.traceable.tme.injector;

/** The request body is not an AdmissionReview v1 the injector can answer; sent back as a 400. */
final class MalformedReviewException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  MalformedReviewException(String message) {
    super(message);
  }

  MalformedReviewException(String message, Throwable cause) {
    super(message, cause);
  }
}
