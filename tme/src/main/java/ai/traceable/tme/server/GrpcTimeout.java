package ai.traceable.tme.server;

/**
 * Reads gRPC's {@code grpc-timeout} request header: at most 8 digits and a unit ({@code H} hours,
 * {@code M} minutes, {@code S} seconds, {@code m} milliseconds, {@code u} microseconds, {@code n}
 * nanoseconds). Stateless.
 */
final class GrpcTimeout {
  static final String HEADER = "grpc-timeout";

  private GrpcTimeout() {}

  /** The timeout in nanoseconds, or {@link CheckCall#NO_TIMEOUT} when the value is not one. */
  static long parseNanos(String value) {
    int n = value.length();
    if (n < 2 || n > 9) {
      return CheckCall.NO_TIMEOUT;
    }
    long amount = 0;
    for (int i = 0; i < n - 1; i++) {
      char c = value.charAt(i);
      if (c < '0' || c > '9') {
        return CheckCall.NO_TIMEOUT;
      }
      amount = amount * 10 + (c - '0');
    }
    long unit =
        switch (value.charAt(n - 1)) {
          case 'H' -> 3_600_000_000_000L;
          case 'M' -> 60_000_000_000L;
          case 'S' -> 1_000_000_000L;
          case 'm' -> 1_000_000L;
          case 'u' -> 1_000L;
          case 'n' -> 1L;
          default -> 0L;
        };
    if (unit == 0) {
      return CheckCall.NO_TIMEOUT;
    }
    // 99,999,999 hours overflows a long of nanoseconds: cap it, it means "no hurry" anyway
    return amount > Long.MAX_VALUE / unit ? Long.MAX_VALUE / 4 : amount * unit;
  }
}
