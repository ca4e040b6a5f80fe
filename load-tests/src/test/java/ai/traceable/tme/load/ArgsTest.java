package ai.traceable.tme.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ArgsTest {
  private static final Set<String> OPTIONS = Set.of("port", "duration", "rate");
  private static final Set<String> FLAGS = Set.of("quiet");

  @Test
  void readsSeparateAndInlineValuesAndFlags() {
    Args args =
        Args.parse(new String[] {"--port", "5442", "--rate=1_000", "--quiet"}, OPTIONS, FLAGS);

    assertEquals(5442, args.integer("port", 0));
    assertEquals(1000.0, args.number("rate", 0));
    assertTrue(args.flag("quiet"));
    assertEquals(Duration.ofSeconds(7), args.duration("duration", Duration.ofSeconds(7)));
  }

  @Test
  void rejectsUnknownOptionNamingTheKnownOnes() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> Args.parse(new String[] {"--prot", "1"}, OPTIONS, FLAGS));

    assertTrue(e.getMessage().contains("--prot"), e.getMessage());
    assertTrue(e.getMessage().contains("port"), e.getMessage());
  }

  @Test
  void rejectsOptionWithoutValue() {
    assertThrows(
        IllegalArgumentException.class, () -> Args.parse(new String[] {"--port"}, OPTIONS, FLAGS));
  }

  @Test
  void rejectsNonNumericInteger() {
    Args args = Args.parse(new String[] {"--port", "http"}, OPTIONS, FLAGS);

    assertThrows(IllegalArgumentException.class, () -> args.integer("port", 0));
    assertFalse(args.flag("quiet"));
  }

  @ParameterizedTest
  @CsvSource({"500ms, 500", "15s, 15000", "2m, 120000", "1h, 3600000", "3, 3000", "1.5s, 1500"})
  void parsesDurations(String text, long millis) {
    assertEquals(Duration.ofMillis(millis), Args.parseDuration("duration", text));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "s", "10 seconds", "-5s", "PT5S"})
  void rejectsMalformedDurations(String text) {
    assertThrows(IllegalArgumentException.class, () -> Args.parseDuration("duration", text));
  }
}
