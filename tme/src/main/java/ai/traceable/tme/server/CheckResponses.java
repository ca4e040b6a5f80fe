package ai.traceable.tme.server;

import ai.traceable.tme.config.BlockingSettings;
import ai.traceable.tme.engine.Decision;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import com.google.rpc.Status;
import io.envoyproxy.envoy.config.core.v3.HeaderValue;
import io.envoyproxy.envoy.config.core.v3.HeaderValueOption;
import io.envoyproxy.envoy.service.auth.v3.CheckResponse;
import io.envoyproxy.envoy.service.auth.v3.DeniedHttpResponse;
import io.envoyproxy.envoy.service.auth.v3.OkHttpResponse;
import io.envoyproxy.envoy.type.v3.HttpStatus;

/**
 * Maps a {@link Decision} to Envoy's {@link CheckResponse}; the only place that chooses status
 * codes. Immutable and thread-safe.
 *
 * <p>Denials carry {@code PERMISSION_DENIED}, the configured HTTP status and message, and never
 * rule details in the body; rule ids go to {@code dynamic_metadata} for Envoy's access log. Allowed
 * requests that matched monitor-only rules carry the header {@value #DECISION_HEADER} for the
 * upstream and the same metadata.
 */
final class CheckResponses {
  private static final int OK = io.grpc.Status.Code.OK.value();
  private static final int PERMISSION_DENIED = io.grpc.Status.Code.PERMISSION_DENIED.value();

  /** Header added to allowed requests that matched monitor-only rules. */
  static final String DECISION_HEADER = "x-tme-decision";

  private final CheckResponse cleanAllow;
  private final DeniedHttpResponse denied;

  CheckResponses(BlockingSettings blocking) {
    this.cleanAllow =
        CheckResponse.newBuilder()
            .setStatus(Status.newBuilder().setCode(OK))
            .setOkResponse(OkHttpResponse.getDefaultInstance())
            .build();
    this.denied =
        DeniedHttpResponse.newBuilder()
            // setCodeValue: statuses Envoy's enum does not name (e.g. 451, 499) pass unchanged
            .setStatus(HttpStatus.newBuilder().setCodeValue(blocking.statusCode()))
            .setBody(blocking.message())
            .addHeaders(header("content-type", "text/plain; charset=utf-8"))
            .build();
  }

  /** The response for an allow with nothing to report; the same instance every time. */
  CheckResponse cleanAllow() {
    return cleanAllow;
  }

  CheckResponse toResponse(Decision decision) {
    if (decision instanceof Decision.Deny deny) {
      return deny(deny);
    }
    return allow((Decision.Allow) decision);
  }

  private CheckResponse allow(Decision.Allow allow) {
    if (allow.findings().isEmpty() && !allow.failedOpen()) {
      return cleanAllow;
    }
    String label = allow.failedOpen() ? "fail-open" : "monitor";
    OkHttpResponse.Builder ok = OkHttpResponse.newBuilder();
    if (!allow.findings().isEmpty()) {
      ok.addHeaders(header(DECISION_HEADER, label));
    }
    return CheckResponse.newBuilder()
        .setStatus(Status.newBuilder().setCode(OK))
        .setOkResponse(ok)
        .setDynamicMetadata(metadata(label, allow))
        .build();
  }

  private CheckResponse deny(Decision.Deny deny) {
    String label = deny.failedClosed() ? "fail-closed" : "deny";
    return CheckResponse.newBuilder()
        .setStatus(Status.newBuilder().setCode(PERMISSION_DENIED).setMessage("denied by tme"))
        .setDeniedResponse(denied)
        .setDynamicMetadata(metadata(label, deny))
        .build();
  }

  private static Struct metadata(String label, Decision decision) {
    return Struct.newBuilder()
        .putFields("tme.decision", Value.newBuilder().setStringValue(label).build())
        .putFields("tme.rule_ids", Value.newBuilder().setStringValue(decision.ruleIds()).build())
        .build();
  }

  private static HeaderValueOption header(String name, String value) {
    return HeaderValueOption.newBuilder()
        .setHeader(HeaderValue.newBuilder().setKey(name).setValue(value))
        .build();
  }
}
