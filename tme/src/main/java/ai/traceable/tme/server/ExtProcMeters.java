package ai.traceable.tme.server;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;

/** Publishes what the ext_proc evaluator counts as meters, read when scraped. */
final class ExtProcMeters {
  private ExtProcMeters() {}

  static void bind(ExtProcEvaluator evaluator, MeterRegistry meters) {
    FunctionCounter.builder(
            "tme.ext_proc.late.decisions", evaluator, ExtProcEvaluator::lateDecisions)
        .description(
            "ext_proc requests decided only when their response arrived: tme waited for a request"
                + " body Envoy did not send, so the upstream had the request before the decision")
        .register(meters);
    FunctionCounter.builder("tme.ext_proc.response.leaks", evaluator, ExtProcEvaluator::leaksFound)
        .description("ext_proc responses in which response inspection found a leak")
        .register(meters);
  }
}
