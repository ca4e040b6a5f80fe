package ai.traceable.tme.conformance;

import static ai.traceable.tme.conformance.CheckAssertions.assertAllowed;
import static ai.traceable.tme.conformance.CheckAssertions.metadata;
import static ai.traceable.tme.conformance.CheckAssertions.okHeader;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.traceable.tme.load.EnvoyRequests;
import io.envoyproxy.envoy.service.auth.v3.CheckResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** TME_ENGINE_MODE=monitor: nothing is denied, matches are reported. */
class MonitorModeIT {
  private static TmeProcess tme;

  @BeforeAll
  static void startTme() {
    tme = TmeProcess.startReady("monitor", Map.of("TME_ENGINE_MODE", "monitor"));
  }

  @AfterAll
  static void stopTme() throws InterruptedException {
    if (tme != null) {
      assertEquals(0, tme.stop(), "exit status after SIGTERM");
    }
  }

  @Test
  void allowsAttackAndMarksItAsMonitored() {
    CheckResponse response =
        tme.stub()
            .check(EnvoyRequests.get("/.git/config").header("user-agent", "sqlmap/1.7").build());

    assertAllowed(response);
    assertEquals("monitor", okHeader(response, "x-tme-decision").orElseThrow());
    assertEquals("monitor", metadata(response, "tme.decision").orElseThrow());
    String ruleIds = metadata(response, "tme.rule_ids").orElseThrow();
    assertTrue(ruleIds.contains("tme-110-dotfile-secrets"), ruleIds);
    assertTrue(ruleIds.contains("tme-200-scanner-user-agent"), ruleIds);
  }

  @Test
  void allowsBenignRequestWithoutMonitorMarker() {
    CheckResponse response = tme.stub().check(EnvoyRequests.get("/products").build());

    assertAllowed(response);
    assertTrue(okHeader(response, "x-tme-decision").isEmpty(), response::toString);
  }
}
