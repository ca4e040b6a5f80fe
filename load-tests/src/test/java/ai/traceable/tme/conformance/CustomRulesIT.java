package ai.traceable.tme.conformance;

import static ai.traceable.tme.conformance.CheckAssertions.assertAllowed;
import static ai.traceable.tme.conformance.CheckAssertions.assertDenied;
import static ai.traceable.tme.conformance.CheckAssertions.metadata;
import static ai.traceable.tme.conformance.CheckAssertions.okHeader;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.traceable.tme.load.EnvoyRequests;
import io.envoyproxy.envoy.service.auth.v3.CheckResponse;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** tme with its own rules file (TME_RULES_FILE) instead of the bundled rules. */
class CustomRulesIT {
  private static final String RULES =
      """
      version: "conformance-1"
      ipLists:
        - id: bad-sources
          action: block
          cidrs: ["203.0.113.0/24", "2001:db8::/32"]
      rules:
        - id: block-admin-writes
          action: block
          when:
            method: { in: [POST, DELETE] }
            path: { prefix: /admin }
            headers:
              x-debug: { equals: "1" }
        - id: watch-exports
          action: monitor
          when:
            path: { prefix: /export }
      """;

  @TempDir static Path dir;
  private static TmeProcess tme;

  @BeforeAll
  static void startTme() throws IOException {
    Path rules = Files.writeString(dir.resolve("rules.yaml"), RULES);
    tme = TmeProcess.startReady("custom-rules", Map.of("TME_RULES_FILE", rules.toString()));
  }

  @AfterAll
  static void stopTme() throws InterruptedException {
    if (tme != null) {
      assertEquals(0, tme.stop(), "exit status after SIGTERM");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"203.0.113.77", "203.0.113.0", "2001:db8:1::42", "::ffff:203.0.113.9"})
  void deniesSourceAddressInsideBlockedCidr(String source) {
    CheckResponse response = tme.stub().check(EnvoyRequests.get("/").source(source, 40000).build());

    assertDenied(response, 403, "Access Forbidden");
    assertEquals("bad-sources", metadata(response, "tme.rule_ids").orElseThrow());
  }

  @ParameterizedTest
  @ValueSource(strings = {"203.0.114.1", "198.51.100.7", "2001:db9::1", "::1"})
  void allowsSourceAddressOutsideBlockedCidrs(String source) {
    assertAllowed(tme.stub().check(EnvoyRequests.get("/").source(source, 40000).build()));
  }

  @Test
  void deniesWhenMethodPathAndHeaderConditionsAllHold() {
    CheckResponse response =
        tme.stub()
            .check(
                EnvoyRequests.request("DELETE", "/admin/users/7").header("X-Debug", "1").build());

    assertDenied(response, 403, "Access Forbidden");
    assertEquals("block-admin-writes", metadata(response, "tme.rule_ids").orElseThrow());
  }

  @ParameterizedTest(name = "{0} {1} x-debug={2}")
  @CsvSource({
    "GET, /admin/users, 1",
    "POST, /admin/users, 0",
    "POST, /public/admin, 1",
    "PUT, /admin, 1",
  })
  void allowsWhenAnyConditionOfTheRuleFails(String method, String path, String debug) {
    CheckResponse response =
        tme.stub().check(EnvoyRequests.request(method, path).header("x-debug", debug).build());

    assertAllowed(response);
  }

  @Test
  void allowsAdminWriteWithoutTheHeader() {
    assertAllowed(tme.stub().check(EnvoyRequests.request("POST", "/admin/users").build()));
  }

  @Test
  void replacesTheBundledRules() {
    // the bundled policy denies TRACE; attack detection is not part of the policy and stays on
    assertAllowed(tme.stub().check(EnvoyRequests.request("TRACE", "/").build()));
  }

  @Test
  void allowsMonitorRuleMatchWithDecisionHeaderAndMetadata() {
    CheckResponse response = tme.stub().check(EnvoyRequests.get("/export/all.csv").build());

    assertAllowed(response);
    assertEquals("monitor", okHeader(response, "x-tme-decision").orElseThrow());
    assertEquals("monitor", metadata(response, "tme.decision").orElseThrow());
    assertTrue(metadata(response, "tme.rule_ids").orElseThrow().contains("watch-exports"));
  }
}
