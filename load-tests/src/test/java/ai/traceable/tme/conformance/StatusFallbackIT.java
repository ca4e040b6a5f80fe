package ai.traceable.tme.conformance;

import static ai.traceable.tme.conformance.CheckAssertions.assertDenied;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.traceable.tme.load.EnvoyRequests;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A blocking status outside 400-499 falls back to 403, with a warning at start-up. */
class StatusFallbackIT {

  @ParameterizedTest
  @ValueSource(ints = {302, 600})
  void deniesWith403AndWarnsAboutStatusOutside4xx(int configured) throws InterruptedException {
    try (TmeProcess tme =
        TmeProcess.startReady(
            "status-" + configured,
            Map.of("TME_BLOCKING_STATUS_CODE", Integer.toString(configured)))) {

      assertDenied(
          tme.stub().check(EnvoyRequests.get("/.git/config").build()), 403, "Access Forbidden");

      assertEquals(0, tme.stop(), "exit status after SIGTERM");
      assertTrue(
          tme.logLines().stream()
              .anyMatch(
                  line -> line.contains("WARN") && line.contains(Integer.toString(configured))),
          () -> "no warning naming " + configured + " in:\n" + tme.log());
    }
  }
}
