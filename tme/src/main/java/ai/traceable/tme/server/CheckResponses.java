package ai.traceable.tme.server;

import ai.traceable.tme.config.BlockingSettings;
import ai.traceable.tme.engine.Decision;
import ai.traceable.tme.metrics.CheckMetrics;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import com.google.rpc.Status;
import io.envoyproxy.envoy.config.core.v3.HeaderValue;
import io.envoyproxy.envoy.config.core.v3.HeaderValueOption;
import io.envoyproxy.envoy.service.auth.v3.CheckResponse;
import io.envoyproxy.envoy.service.auth.v3.DeniedHttpResponse;
import io.envoyproxy.envoy.service.auth.v3.OkHttpResponse;
import io.envoyproxy.envoy.type.v3.HttpStatus;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Maps a {@link Decision} to Envoy's {@link CheckResponse}; the only place that chooses status
 * codes. Immutable and thread-safe.
 *
 * <p>Denials carry {@code PERMISSION_DENIED}, the configured HTTP status (or the status the denying
 * policy asks for, such as a rate limit's 429) and the configured message, and never rule details
 * in the body; rule ids go to {@code dynamic_metadata} for Envoy's access log. Allowed requests
 * that matched monitor-only rules carry the header {@value #DECISION_HEADER} for the upstream
 * (replacing any value the client sent) and the same metadata, plus {@code tme.would_deny}; every
 * other allowed request has that header removed, so a client cannot forge it.
 *
 * <p>Statuses outside Envoy's {@code HttpStatus} enum (451 among them) are sent with {@code
 * setCodeValue}; Envoy versions that validate the field as {@code defined_only} may reject such a
 * response, so prefer a status the enum names when Envoy is older than the one tested.
 */
final class CheckResponses {
  private static final int OK = io.grpc.Status.Code.OK.value();
  private static final int PERMISSION_DENIED = io.grpc.Status.Code.PERMISSION_DENIED.value();

  /** Metadata key listing why a check was decided on part of the request. */
  static final String PARTIAL_KEY = "tme.partial";

  /** Header added to allowed requests that matched monitor-only rules. */
  static final String DECISION_HEADER = "x-tme-decision";

  private final CheckResponse cleanAllow;
  private final BlockingSettings blocking;
  private final DeniedHttpResponse denied;
  private final ConcurrentMap<Integer, DeniedHttpResponse> deniedByStatus =
      new ConcurrentHashMap<>();

  CheckResponses(BlockingSettings blocking) {
    this.cleanAllow =
        CheckResponse.newBuilder()
            .setStatus(Status.newBuilder().setCode(OK))
            // a client must not be able to pass its own verdict header to the upstream
            .setOkResponse(OkHttpResponse.newBuilder().addHeadersToRemove(DECISION_HEADER))
            .build();
    this.blocking = blocking;
    this.denied = denied(blocking.statusCode());
  }

  private DeniedHttpResponse denied(int status) {
    return DeniedHttpResponse.newBuilder()
        // setCodeValue: statuses Envoy's enum does not name (e.g. 451, 499) pass unchanged
        .setStatus(HttpStatus.newBuilder().setCodeValue(status))
        .setBody(blocking.message())
        .addHeaders(header("content-type", "text/plain; charset=utf-8"))
        .build();
  }

  /**
   * The denial for a decision: the configured status, or the one the denying policy asked for (a
   * rate limit's 429). Those are few (validated 400-499 per rule), so each is built once.
   */
  private DeniedHttpResponse deniedFor(Decision.Deny deny) {
    int status = deny.status();
    if (status == Decision.Deny.CONFIGURED_STATUS || status == blocking.statusCode()) {
      return denied;
    }
    return deniedByStatus.computeIfAbsent(status, this::denied);
  }

  /** The response for an allow with nothing to report; the same instance every time. */
  CheckResponse cleanAllow() {
    return cleanAllow;
  }

  CheckResponse toResponse(Decision decision) {
    return toResponse(decision, 0);
  }

  /**
   * The response for a decision on a request inspected only in part: {@code partial} holds the
   * {@link CheckMetrics.Partial} bits, listed in the metadata {@value #PARTIAL_KEY} when not 0.
   */
  CheckResponse toResponse(Decision decision, int partial) {
    if (decision instanceof Decision.Deny deny) {
      return deny(deny, partial);
    }
    return allow((Decision.Allow) decision, partial);
  }

  private CheckResponse allow(Decision.Allow allow, int partial) {
    if (allow.findings().isEmpty() && !allow.failedOpen() && partial == 0) {
      return cleanAllow;
    }
    String label = allow.failedOpen() ? "fail-open" : allow.label();
    OkHttpResponse.Builder ok = OkHttpResponse.newBuilder();
    if (allow.findings().isEmpty()) {
      ok.addHeadersToRemove(DECISION_HEADER);
    } else {
      ok.addHeaders(
          header(DECISION_HEADER, label).toBuilder()
              .setAppendAction(HeaderValueOption.HeaderAppendAction.OVERWRITE_IF_EXISTS_OR_ADD));
    }
    Struct.Builder metadata = metadata(label, allow, partial).toBuilder();
    if (!allow.failedOpen()) {
      metadata.putFields(
          "tme.would_deny", Value.newBuilder().setBoolValue(allow.wouldDeny()).build());
    }
    return CheckResponse.newBuilder()
        .setStatus(Status.newBuilder().setCode(OK))
        .setOkResponse(ok)
        .setDynamicMetadata(metadata)
        .build();
  }

  private CheckResponse deny(Decision.Deny deny, int partial) {
    String label = deny.failedClosed() ? "fail-closed" : "deny";
    return CheckResponse.newBuilder()
        .setStatus(Status.newBuilder().setCode(PERMISSION_DENIED).setMessage("denied by tme"))
        .setDeniedResponse(deniedFor(deny))
        .setDynamicMetadata(metadata(label, deny, partial))
        .build();
  }

  private static Struct metadata(String label, Decision decision, int partial) {
    Struct.Builder metadata =
        Struct.newBuilder()
            .putFields("tme.decision", Value.newBuilder().setStringValue(label).build())
            .putFields(
                "tme.rule_ids", Value.newBuilder().setStringValue(decision.ruleIds()).build());
    if (partial != 0) {
      metadata.putFields(
          PARTIAL_KEY,
          Value.newBuilder().setStringValue(CheckMetrics.Partial.labels(partial)).build());
    }
    return metadata.build();
  }

  private static HeaderValueOption header(String name, String value) {
    return HeaderValueOption.newBuilder()
        .setHeader(HeaderValue.newBuilder().setKey(name).setValue(value))
        .build();
  }
}
