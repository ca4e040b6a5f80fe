package ai.traceable.tme.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.Value;
import io.envoyproxy.envoy.config.core.v3.HeaderValueOption;
import io.envoyproxy.envoy.service.auth.v3.CheckResponse;
import java.util.Optional;

/** Assertions on Envoy {@link CheckResponse}s as the ext_authz filter reads them. Stateless. */
final class CheckAssertions {
  static final int OK = 0;
  static final int PERMISSION_DENIED = 7;

  private CheckAssertions() {}

  /** Allowed: gRPC-level status 0, an {@code ok_response}, no {@code denied_response}. */
  static void assertAllowed(CheckResponse response) {
    assertEquals(OK, response.getStatus().getCode(), () -> "status of " + response);
    assertTrue(response.hasOkResponse(), () -> "ok_response missing in " + response);
    assertFalse(response.hasDeniedResponse(), () -> "unexpected denied_response in " + response);
  }

  /**
   * Denied the way Envoy turns into an HTTP response: PERMISSION_DENIED, the given HTTP status and
   * body, rule ids in {@code dynamic_metadata} and never in the body.
   */
  static void assertDenied(CheckResponse response, int httpStatus, String body) {
    assertEquals(PERMISSION_DENIED, response.getStatus().getCode(), () -> "status of " + response);
    assertTrue(response.hasDeniedResponse(), () -> "denied_response missing in " + response);
    assertFalse(response.hasOkResponse(), () -> "unexpected ok_response in " + response);
    assertEquals(httpStatus, response.getDeniedResponse().getStatus().getCodeValue());
    assertEquals(body, response.getDeniedResponse().getBody());
    String ruleIds = metadata(response, "tme.rule_ids").orElse("");
    assertFalse(ruleIds.isBlank(), () -> "tme.rule_ids missing in " + response);
    for (String id : ruleIds.split("[,\\s]+")) {
      assertFalse(
          response.getDeniedResponse().getBody().contains(id), "denial body names rule " + id);
    }
  }

  /** A string field of {@code dynamic_metadata}. */
  static Optional<String> metadata(CheckResponse response, String key) {
    Value value = response.getDynamicMetadata().getFieldsMap().get(key);
    return value == null ? Optional.empty() : Optional.of(value.getStringValue());
  }

  /** A header {@code ok_response} asks Envoy to add to the upstream request. */
  static Optional<String> okHeader(CheckResponse response, String name) {
    return response.getOkResponse().getHeadersList().stream()
        .map(HeaderValueOption::getHeader)
        .filter(h -> h.getKey().equalsIgnoreCase(name))
        .map(h -> h.getValue())
        .findFirst();
  }
}
