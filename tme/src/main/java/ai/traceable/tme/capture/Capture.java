package ai.traceable.tme.capture;

import ai.traceable.tme.engine.Decision;
import ai.traceable.tme.engine.Finding;
import ai.traceable.tme.engine.decode.Decoding;
import ai.traceable.tme.engine.inspect.RequestView;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Where the check path hands over what it saw. {@link #record} runs on the check's thread after the
 * answer was sent; it samples, builds a {@link CaptureRecord} and offers it to the pipeline, never
 * blocking. Thread-safe.
 */
public interface Capture {
  /** Capture turned off. */
  Capture OFF = (request, decision, start, end) -> {};

  void record(RequestView request, Decision decision, long startEpochNanos, long endEpochNanos);

  /** The capture that feeds a pipeline. */
  static Capture of(
      CapturePipeline pipeline, double sampleRatio, int maxBodyBytes, List<String> bodyTypes) {
    List<String> types = bodyTypes.stream().map(t -> t.toLowerCase(Locale.ROOT)).toList();
    return (request, decision, start, end) -> {
      boolean clean = decision instanceof Decision.Allow && decision.findings().isEmpty();
      if (clean && sampleRatio < 1.0 && ThreadLocalRandom.current().nextDouble() >= sampleRatio) {
        pipeline.sampledOut();
        return;
      }
      pipeline.offer(recordOf(request, decision, start, end, maxBodyBytes, types));
    };
  }

  static CaptureRecord recordOf(
      RequestView request,
      Decision decision,
      long start,
      long end,
      int maxBodyBytes,
      List<String> bodyTypes) {
    String body = "";
    boolean truncated = request.bodyTruncated();
    byte[] bytes = request.body();
    if (bytes.length > 0 && maxBodyBytes > 0 && capturesBody(request, bodyTypes)) {
      int n = Math.min(bytes.length, maxBodyBytes);
      truncated |= n < bytes.length;
      body = Decoding.lenientUtf8(bytes, 0, n);
    }
    List<Finding> findings = decision.findings();
    List<String> categories = List.of();
    List<String> ruleIds = List.of();
    int score = 0;
    if (!findings.isEmpty()) { // most requests: no findings, no streams
      categories = findings.stream().map(Finding::category).distinct().toList();
      ruleIds = findings.stream().map(Finding::ruleId).distinct().toList();
      score = findings.stream().mapToInt(Finding::score).sum();
    }
    List<String> scheme = request.header(":scheme");
    return new CaptureRecord(
        request.method(),
        scheme.isEmpty() ? "" : scheme.get(0),
        request.host(),
        request.path(),
        request.headers(),
        body,
        truncated,
        request.sourceAddress(),
        request.sourcePort(),
        start,
        end,
        decision.label(),
        ruleIds,
        categories,
        score,
        decision.evaluationNanos());
  }

  private static boolean capturesBody(RequestView request, List<String> bodyTypes) {
    List<String> ct = request.header("content-type");
    if (ct.isEmpty()) {
      return false;
    }
    String type = ct.get(0).toLowerCase(Locale.ROOT);
    for (String t : bodyTypes) {
      if (type.contains(t)) {
        return true;
      }
    }
    return false;
  }
}
