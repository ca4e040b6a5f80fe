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
   * @param status HTTP status, or 0 when no answer arrived (connection refused, timeout)
   * @param retryAfter the receiver's {@code Retry-After}, if it sent one
   * @param problem a short description when the export did not succeed
   */
  record Result(int status, Optional<Duration> retryAfter, String problem) {
    public boolean ok() {
      return status >= 200 && status < 300;
    }

    /** 429, 5xx and no answer at all are worth another try; other 4xx are not. */
    public boolean retryable() {
      return status == 0 || status == 429 || status >= 500;
    }

    public static Result failed(String problem) {
      return new Result(0, Optional.empty(), problem);
    }
  }

  /**
   * Posts an OTLP {@code ExportTraceServiceRequest}; the stage never fails, it answers a Result.
   */
  CompletionStage<Result> export(byte[] otlpProtobuf);
}
