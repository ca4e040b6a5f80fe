package ai.traceable.tme.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class LoadSettingsTest {
  private static final LoadSettings CLOSED =
      LoadSettings.closedLoop(
          "::1", 5442, Scenario.BENIGN, 2, 8, Duration.ZERO, Duration.ofSeconds(1));

  @Test
  void isClosedLoopWithoutRateAndOpenLoopWithIt() {
    assertFalse(CLOSED.openLoop());
    assertEquals("closed", CLOSED.mode());
    assertTrue(CLOSED.withRate(500).openLoop());
    assertEquals("open", CLOSED.withRate(500).mode());
  }

  @Test
  void bracketsIpv6TargetsInTheirName() {
    assertEquals("[::1]:5442", CLOSED.target());
  }

  @Test
  void rejectsSettingsThatCannotRun() {
    assertThrows(
        IllegalArgumentException.class,
        () ->
            LoadSettings.closedLoop(
                "h", 5442, Scenario.BENIGN, 0, 8, Duration.ZERO, Duration.ofSeconds(1)));
    assertThrows(
        IllegalArgumentException.class,
        () ->
            LoadSettings.closedLoop(
                "h", 5442, Scenario.BENIGN, 1, 0, Duration.ZERO, Duration.ofSeconds(1)));
    assertThrows(
        IllegalArgumentException.class,
        () ->
            LoadSettings.closedLoop(
                "h", 5442, Scenario.BENIGN, 1, 1, Duration.ZERO, Duration.ZERO));
    assertThrows(
        IllegalArgumentException.class,
        () ->
            LoadSettings.closedLoop(
                "h", 70000, Scenario.BENIGN, 1, 1, Duration.ZERO, Duration.ofSeconds(1)));
    assertThrows(IllegalArgumentException.class, () -> CLOSED.withRate(-1));
  }
}
