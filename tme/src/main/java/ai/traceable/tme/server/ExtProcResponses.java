package ai.traceable.tme.server;

import ai.traceable.tme.config.BlockingSettings;
import ai.traceable.tme.engine.Decision;
import ai.traceable.tme.metrics.CheckMetrics;
import com.google.protobuf.ByteString;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import io.envoyproxy.envoy.config.core.v3.HeaderValue;
import io.envoyproxy.envoy.config.core.v3.HeaderValueOption;
import io.envoyproxy.envoy.service.ext_proc.v3.BodyMutation;
import io.envoyproxy.envoy.service.ext_proc.v3.BodyResponse;
import io.envoyproxy.envoy.service.ext_proc.v3.CommonResponse;
import io.envoyproxy.envoy.service.ext_proc.v3.HeaderMutation;
import io.envoyproxy.envoy.service.ext_proc.v3.HeadersResponse;
import io.envoyproxy.envoy.service.ext_proc.v3.ImmediateResponse;
import io.envoyproxy.envoy.service.ext_proc.v3.ProcessingRequest;
import io.envoyproxy.envoy.service.ext_proc.v3.ProcessingResponse;
import io.envoyproxy.envoy.service.ext_proc.v3.TrailersResponse;
import io.envoyproxy.envoy.type.v3.HttpStatus;
import java.nio.charset.StandardCharsets;

/**
 * Builds ext_proc's answers: the one place that chooses what an ext_proc stream says to Envoy, as
 * {@link CheckResponses} is for Check. Immutable and thread-safe.
 *
 * <p>The request phase keeps ext_authz's contract: a denial is an {@code ImmediateResponse} with
 * the configured status (or the one the denying policy asks for) and message, never rule details in
 * the body; an allow removes any {@value CheckResponses#DECISION_HEADER} the client sent and, when
 * monitor-only rules matched, sets it for the upstream. Rule ids go to {@code dynamic_metadata}.
 */
final class ExtProcResponses {
  /** The phase a {@link CommonResponse} answers. */
  enum Phase {
    REQUEST_HEADERS,
    REQUEST_BODY,
    RESPONSE_HEADERS,
    RESPONSE_BODY
  }

  private static final HeaderMutation REMOVE_DECISION =
      HeaderMutation.newBuilder().addRemoveHeaders(CheckResponses.DECISION_HEADER).build();

  private final BlockingSettings blocking;

  ExtProcResponses(BlockingSettings blocking) {
    this.blocking = blocking;
  }

  /** Go on unchanged. */
  static ProcessingResponse proceed(Phase phase) {
    return wrap(phase, CommonResponse.getDefaultInstance());
  }

  /** Go on, removing a client's forged verdict header from the request. */
  static ProcessingResponse proceedWithoutDecisionHeader(Phase phase) {
    return wrap(phase, CommonResponse.newBuilder().setHeaderMutation(REMOVE_DECISION).build());
  }

  /** Trailers pass unchanged. */
  static ProcessingResponse trailers(boolean request) {
    ProcessingResponse.Builder b = ProcessingResponse.newBuilder();
    return request
        ? b.setRequestTrailers(TrailersResponse.getDefaultInstance()).build()
        : b.setResponseTrailers(TrailersResponse.getDefaultInstance()).build();
  }

  /** "Go on" for any kind of message, once the exchange passes unexamined. */
  static ProcessingResponse passOn(ProcessingRequest m) {
    return switch (m.getRequestCase()) {
      case REQUEST_TRAILERS -> ExtProcResponses.trailers(true);
      case RESPONSE_TRAILERS -> ExtProcResponses.trailers(false);
      default -> ExtProcResponses.proceed(phaseOf(m));
    };
  }

  /** The phase a message's answer names; null for trailers (and a message of no kind). */
  static Phase phaseOf(ProcessingRequest m) {
    return switch (m.getRequestCase()) {
      case REQUEST_HEADERS -> Phase.REQUEST_HEADERS;
      case REQUEST_BODY -> Phase.REQUEST_BODY;
      case RESPONSE_HEADERS -> Phase.RESPONSE_HEADERS;
      case RESPONSE_BODY -> Phase.RESPONSE_BODY;
      default -> null;
    };
  }

  /** The answer to the message the request was decided on. */
  ProcessingResponse decided(Phase phase, Decision decision) {
    return decided(phase, decision, 0);
  }

  /**
   * The answer to the message the request was decided on, for a request inspected only in part:
   * {@code partial} holds the {@link CheckMetrics.Partial} bits, listed in the metadata {@value
   * CheckResponses#PARTIAL_KEY} when not 0, as for a Check.
   */
  ProcessingResponse decided(Phase phase, Decision decision, int partial) {
    if (decision instanceof Decision.Deny deny) {
      int status =
          deny.status() == Decision.Deny.CONFIGURED_STATUS ? blocking.statusCode() : deny.status();
      return replace(status, blocking.message(), "tme_denied")
          .setDynamicMetadata(
              metadata(deny.failedClosed() ? "fail-closed" : "deny", decision, partial))
          .build();
    }
    Decision.Allow allow = (Decision.Allow) decision;
    if (allow.findings().isEmpty() && !allow.failedOpen() && partial == 0) {
      return proceedWithoutDecisionHeader(phase);
    }
    String label = allow.failedOpen() ? "fail-open" : allow.label();
    HeaderMutation mutation =
        allow.findings().isEmpty()
            ? REMOVE_DECISION
            : HeaderMutation.newBuilder()
                .addSetHeaders(
                    header(CheckResponses.DECISION_HEADER, label).toBuilder()
                        .setAppendAction(
                            HeaderValueOption.HeaderAppendAction.OVERWRITE_IF_EXISTS_OR_ADD))
                .build();
    Struct.Builder metadata = metadata(label, allow, partial).toBuilder();
    if (!allow.failedOpen()) {
      metadata.putFields(
          "tme.would_deny", Value.newBuilder().setBoolValue(allow.wouldDeny()).build());
    }
    return wrap(phase, CommonResponse.newBuilder().setHeaderMutation(mutation).build()).toBuilder()
        .setDynamicMetadata(metadata)
        .build();
  }

  /** The response replaced in block mode, after a leak was found in it. */
  static ProcessingResponse leakBlocked(int status, String message, String ruleIds) {
    return replace(status, message, "tme_response_blocked")
        .setDynamicMetadata(leakMetadata("block", ruleIds))
        .build();
  }

  /** The response body with what matched masked. */
  static ProcessingResponse leakRedacted(byte[] body, String ruleIds) {
    CommonResponse common =
        CommonResponse.newBuilder()
            .setBodyMutation(BodyMutation.newBuilder().setBody(ByteString.copyFrom(body)))
            .build();
    return wrap(Phase.RESPONSE_BODY, common).toBuilder()
        .setDynamicMetadata(leakMetadata("redact", ruleIds))
        .build();
  }

  /** The response passes; what was found goes to Envoy's dynamic metadata only. */
  static ProcessingResponse leakMonitored(Phase phase, String ruleIds) {
    return proceed(phase).toBuilder().setDynamicMetadata(leakMetadata("monitor", ruleIds)).build();
  }

  private static ProcessingResponse.Builder replace(int status, String body, String details) {
    return ProcessingResponse.newBuilder()
        .setImmediateResponse(
            ImmediateResponse.newBuilder()
                // setCodeValue: statuses Envoy's enum does not name pass unchanged
                .setStatus(HttpStatus.newBuilder().setCodeValue(status))
                .setHeaders(
                    HeaderMutation.newBuilder()
                        .addSetHeaders(header("content-type", "text/plain; charset=utf-8")))
                .setBody(ByteString.copyFrom(body, StandardCharsets.UTF_8))
                .setDetails(details));
  }

  private static ProcessingResponse wrap(Phase phase, CommonResponse common) {
    ProcessingResponse.Builder b = ProcessingResponse.newBuilder();
    return switch (phase) {
      case REQUEST_HEADERS ->
          b.setRequestHeaders(HeadersResponse.newBuilder().setResponse(common)).build();
      case REQUEST_BODY -> b.setRequestBody(BodyResponse.newBuilder().setResponse(common)).build();
      case RESPONSE_HEADERS ->
          b.setResponseHeaders(HeadersResponse.newBuilder().setResponse(common)).build();
      case RESPONSE_BODY ->
          b.setResponseBody(BodyResponse.newBuilder().setResponse(common)).build();
    };
  }

  private static Struct metadata(String label, Decision decision, int partial) {
    Struct.Builder metadata =
        Struct.newBuilder()
            .putFields("tme.decision", Value.newBuilder().setStringValue(label).build())
            .putFields(
                "tme.rule_ids", Value.newBuilder().setStringValue(decision.ruleIds()).build());
    if (partial != 0) {
      metadata.putFields(
          CheckResponses.PARTIAL_KEY,
          Value.newBuilder().setStringValue(CheckMetrics.Partial.labels(partial)).build());
    }
    return metadata.build();
  }

  private static Struct leakMetadata(String label, String ruleIds) {
    return Struct.newBuilder()
        .putFields("tme.response_decision", Value.newBuilder().setStringValue(label).build())
        .putFields("tme.response_rule_ids", Value.newBuilder().setStringValue(ruleIds).build())
        .build();
  }

  private static HeaderValueOption header(String name, String value) {
    return HeaderValueOption.newBuilder()
        .setHeader(HeaderValue.newBuilder().setKey(name).setValue(value))
        .build();
  }
}
