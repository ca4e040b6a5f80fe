package ai.traceable.tme.capture;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/** Sends one encoded batch to the platform agent. Implementations are thread-safe. */
@FunctionalInterface
public interface Exporter {

  /**
   * What the receiver answered.
   *
   * @param status HTTP status, or 0 when no answer arrived (connection refused, timeout, TLS)
   * @param retryAfter the receiver's {@code Retry-After}, if it sent one
   * @param problem a short description when the export did not succeed
   * @param tlsFailure whether the TLS handshake failed (untrusted or mismatching certificate, a
   *     client certificate the receiver refused or did not get)
   */
  record Result(int status, Optional<Duration> retryAfter, String problem, boolean tlsFailure) {
    public Result(int status, Optional<Duration> retryAfter, String problem) {
      this(status, retryAfter, problem, false);
    }

    public boolean ok() {
      return status >= 200 && status < 300;
    }

    /**
     * 429, 5xx and no answer at all are worth another try; other 4xx are not, and neither is a
     * failed TLS handshake: certificates do not change within a backoff, and retrying would only
     * hold the batch (and the export slot) for nothing.
     */
    public boolean retryable() {
      return !tlsFailure && (status == 0 || status == 429 || status >= 500);
    }

    public static Result failed(String problem) {
      return new Result(0, Optional.empty(), problem);
    }

    public static Result tlsFailed(String problem) {
      return new Result(0, Optional.empty(), problem, true);
    }
  }

  /**
   * Posts an OTLP {@code ExportTraceServiceRequest}; the stage never fails, it answers a Result.
   */
  CompletionStage<Result> export(byte[] otlpProtobuf);
}
