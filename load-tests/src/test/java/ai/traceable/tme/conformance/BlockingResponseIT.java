package ai.traceable.tme.conformance;

import static ai.traceable.tme.conformance.CheckAssertions.assertAllowed;
import static ai.traceable.tme.conformance.CheckAssertions.assertDenied;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.traceable.tme.load.EnvoyRequests;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * TME_BLOCKING_STATUS_CODE and TME_BLOCKING_MESSAGE within the allowed range; a non-ASCII message
 * arrives intact whatever the locale.
 */
class BlockingResponseIT {
  private static final String MESSAGE = "Blocked by policy – contact support (ref: déjà-vu)";
  private static TmeProcess tme;

  @BeforeAll
  static void startTme() {
    tme =
        TmeProcess.startReady(
            "blocking-451",
            Map.of("TME_BLOCKING_STATUS_CODE", "451", "TME_BLOCKING_MESSAGE", MESSAGE));
  }

  @AfterAll
  static void stopTme() throws InterruptedException {
    if (tme != null) {
      assertEquals(0, tme.stop(), "exit status after SIGTERM");
    }
  }

  @Test
  void deniesWithConfiguredStatusAndMessage() {
    assertDenied(tme.stub().check(EnvoyRequests.get("/.git/config").build()), 451, MESSAGE);
  }

  /**
   * Under the C locale Java 17 decodes the environment as ASCII; tme reads the variable's UTF-8
   * bytes itself, so the message still arrives intact.
   */
  @Test
  void deniesWithTheExactMessageUnderTheCLocale() throws InterruptedException {
    try (TmeProcess c =
        TmeProcess.startReady(
            "blocking-c-locale",
            Map.of(
                "LC_ALL", "C",
                "LANG", "C",
                "TME_BLOCKING_STATUS_CODE", "451",
                "TME_BLOCKING_MESSAGE", MESSAGE))) {
      assertDenied(c.stub().check(EnvoyRequests.get("/.git/config").build()), 451, MESSAGE);
      assertEquals(0, c.stop(), "exit status after SIGTERM");
    }
  }

  @Test
  void stillAllowsBenignRequests() {
    assertAllowed(tme.stub().check(EnvoyRequests.get("/index.html").build()));
  }
}
