package ai.traceable.tme.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CliTest {

  @Test
  void turnsOptionsIntoSettings() {
    String[] args = {
      "--target",
      "10.1.2.3:6000",
      "--scenario",
      "attack-mix",
      "--connections",
      "2",
      "--concurrency",
      "16",
      "--rate",
      "5000",
      "--warmup",
      "2s",
      "--duration",
      "1m",
      "--timeout",
      "250ms",
      "--quiet"
    };

    LoadSettings settings =
        Cli.settings(
            Args.parse(
                args,
                Set.of(
                    "target",
                    "scenario",
                    "connections",
                    "concurrency",
                    "rate",
                    "warmup",
                    "duration",
                    "timeout"),
                Set.of("quiet")));

    assertEquals(
        new LoadSettings(
            "10.1.2.3",
            6000,
            Scenario.ATTACK_MIX,
            2,
            16,
            5000,
            Duration.ofSeconds(2),
            Duration.ofMinutes(1),
            Duration.ofMillis(250),
            false),
        settings);
  }

  @Test
  void exitsWithUsageErrorForBadOptions() throws InterruptedException {
    ByteArrayOutputStream err = new ByteArrayOutputStream();

    int status =
        Cli.run(
            new String[] {"--connections", "0"},
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));

    assertEquals(2, status);
    String text = err.toString(StandardCharsets.UTF_8);
    assertTrue(text.contains("connections must be positive"), text);
    assertTrue(text.contains("usage:"), text);
  }

  @Test
  void printsUsageForHelp() throws InterruptedException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();

    int status =
        Cli.run(
            new String[] {"--help"},
            new PrintStream(out, true, StandardCharsets.UTF_8),
            System.err);

    assertEquals(0, status);
    assertTrue(out.toString(StandardCharsets.UTF_8).contains("--concurrency"));
  }
}
