package ai.traceable.tme.engine.inspect;

/**
 * Bounds on how much of a request is inspected, so that no request can make evaluation expensive.
 * What lies beyond a limit is not inspected (and {@link Inputs#limited()} says so); the request is
 * still evaluated on everything before it.
 *
 * @param maxBodyBytes body bytes parsed and inspected
 * @param maxValues values (arguments, headers, cookies, body fields) inspected per request
 * @param maxValueChars characters of one value inspected at a time: a longer value is inspected in
 *     overlapping windows of this size, at most eight of them
 * @param maxDepth nesting depth of JSON followed
 */
public record InspectionLimits(int maxBodyBytes, int maxValues, int maxValueChars, int maxDepth) {
  public static final InspectionLimits DEFAULTS =
      new InspectionLimits(128 * 1024, 1024, 32 * 1024, 32);

  public InspectionLimits {
    positive("max-body-bytes", maxBodyBytes);
    positive("max-values", maxValues);
    positive("max-value-chars", maxValueChars);
    positive("max-depth", maxDepth);
  }

  private static void positive(String name, int value) {
    if (value <= 0) {
      throw new IllegalArgumentException(name + " must be positive, got " + value);
    }
  }
}
