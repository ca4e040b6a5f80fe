package ai.traceable.tme.server;

import static org.assertj.core.api.Assertions.assertThat;

import ai.traceable.tme.config.BlockingSettings;
import ai.traceable.tme.engine.Decision;
import ai.traceable.tme.engine.Finding;
import ai.traceable.tme.engine.RuleAction;
import io.envoyproxy.envoy.config.core.v3.HeaderValueOption;
import io.envoyproxy.envoy.service.auth.v3.CheckResponse;
import java.util.List;
import org.junit.jupiter.api.Test;

class CheckResponsesTest {
  private static final Finding SECRET_RULE =
      new Finding("internal-rule-42", "custom-rule", RuleAction.BLOCK, "path");

  @Test
  void denialCarriesPermissionDeniedConfiguredStatusAndBodyButNoRuleDetails() {
    CheckResponses responses = new CheckResponses(BlockingSettings.of(451, "Unavailable"));
    CheckResponse response =
        responses.toResponse(new Decision.Deny(List.of(SECRET_RULE), false, 10));
    assertThat(response.getStatus().getCode()).isEqualTo(7);
    assertThat(response.getDeniedResponse().getStatus().getCodeValue()).isEqualTo(451);
    assertThat(response.getDeniedResponse().getBody()).isEqualTo("Unavailable");
    assertThat(response.getDeniedResponse().toString()).doesNotContain("internal-rule-42");
    assertThat(response.getDynamicMetadata().getFieldsOrThrow("tme.rule_ids").getStringValue())
        .isEqualTo("internal-rule-42");
    assertThat(response.getDynamicMetadata().getFieldsOrThrow("tme.decision").getStringValue())
        .isEqualTo("deny");
  }

  @Test
  void denialWithAPolicyStatusUsesItAndKeepsTheConfiguredBody() {
    CheckResponses responses = new CheckResponses(BlockingSettings.of(403, "Nope"));
    CheckResponse limited = responses.toResponse(new Decision.Deny(List.of(), false, 0, 429));
    CheckResponse other = responses.toResponse(new Decision.Deny(List.of(), false, 0));
    assertThat(limited.getDeniedResponse().getStatus().getCodeValue()).isEqualTo(429);
    assertThat(limited.getDeniedResponse().getBody()).isEqualTo("Nope");
    assertThat(other.getDeniedResponse().getStatus().getCodeValue()).isEqualTo(403);
  }

  @Test
  void outOfRangeStatusIsSentAs403() {
    CheckResponses responses = new CheckResponses(BlockingSettings.of(302, "x"));
    CheckResponse response = responses.toResponse(new Decision.Deny(List.of(), false, 0));
    assertThat(response.getDeniedResponse().getStatus().getCodeValue()).isEqualTo(403);
  }

  @Test
  void cleanAllowIsOkWithoutHeadersOrMetadata() {
    CheckResponses responses = new CheckResponses(BlockingSettings.of(403, "x"));
    CheckResponse response = responses.toResponse(Decision.Allow.clean());
    assertThat(response).isSameAs(responses.cleanAllow());
    assertThat(response.getStatus().getCode()).isZero();
    assertThat(response.hasOkResponse()).isTrue();
    assertThat(response.hasDynamicMetadata()).isFalse();
    assertThat(response.getOkResponse().getHeadersToRemoveList()).containsExactly("x-tme-decision");
  }

  @Test
  void monitoredAllowTellsTheUpstreamAndTheAccessLog() {
    CheckResponses responses = new CheckResponses(BlockingSettings.of(403, "x"));
    CheckResponse response =
        responses.toResponse(new Decision.Allow(List.of(SECRET_RULE), true, false, 3));
    assertThat(response.getStatus().getCode()).isZero();
    assertThat(response.getOkResponse().getHeaders(0).getHeader().getKey())
        .isEqualTo("x-tme-decision");
    assertThat(response.getOkResponse().getHeaders(0).getHeader().getValue()).isEqualTo("monitor");
    assertThat(response.getOkResponse().getHeaders(0).getAppendAction())
        .isEqualTo(HeaderValueOption.HeaderAppendAction.OVERWRITE_IF_EXISTS_OR_ADD);
    assertThat(response.getDynamicMetadata().getFieldsOrThrow("tme.decision").getStringValue())
        .isEqualTo("monitor");
    assertThat(response.getDynamicMetadata().getFieldsOrThrow("tme.would_deny").getBoolValue())
        .isTrue();
  }

  @Test
  void failOpenIsVisibleInMetadata() {
    CheckResponses responses = new CheckResponses(BlockingSettings.of(403, "x"));
    CheckResponse response = responses.toResponse(new Decision.Allow(List.of(), false, true, 3));
    assertThat(response.getStatus().getCode()).isZero();
    assertThat(response.getDynamicMetadata().getFieldsOrThrow("tme.decision").getStringValue())
        .isEqualTo("fail-open");
    assertThat(response.getOkResponse().getHeadersToRemoveList()).containsExactly("x-tme-decision");
  }
}
