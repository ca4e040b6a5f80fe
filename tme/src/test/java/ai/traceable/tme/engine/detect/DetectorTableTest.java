package ai.traceable.tme.engine.detect;

import static org.assertj.core.api.Assertions.assertThat;

import ai.traceable.tme.engine.detect.DetectorHarness.Report;
import ai.traceable.tme.engine.inspect.Inspected;
import ai.traceable.tme.engine.inspect.Placement;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The table every detector test has: one row per input value, naming what the detector makes of it
 * at paranoia 1. A row is placement, field name, raw value and the expectation:
 *
 * <ul>
 *   <li>{@link #a}: the value alone blocks at paranoia 1, and the named rule is among the rules it
 *       reported;
 *   <li>{@link #w}: the named rule is reported (at its own paranoia) but the value does not block
 *       at paranoia 1, a weaker signal that needs company;
 *   <li>{@link #b}: nothing at all is reported at paranoia 1.
 * </ul>
 *
 * <p>A subclass supplies the detector and the rows, split in two static sources for reading: {@code
 * attacks()} and {@code benign()}. Values are decoded as the engine decodes them unless the
 * subclass says otherwise ({@link #value}); its own tests cover the rest.
 */
public abstract class DetectorTableTest {

  /** What a row expects. */
  public enum Kind {
    BLOCKS,
    REPORTS,
    NONE
  }

  /** The expectation of a row; shown in the test name. */
  public record Expected(Kind kind, String rule) {
    @Override
    public String toString() {
      return switch (kind) {
        case BLOCKS -> "blocks with " + rule;
        case REPORTS -> "reports " + rule + " without blocking";
        case NONE -> "none";
      };
    }
  }

  /** The field name of rows that do not give one. */
  protected static final String NAME = "v";

  protected abstract Detector detector();

  /** The value a row's detector sees: by default, decoded as the engine decodes it. */
  protected Inspected value(Placement placement, String name, String raw) {
    return DetectorHarness.value(placement, name, raw);
  }

  /** A value that blocks at paranoia 1 with {@code rule} among its findings. */
  protected static Arguments a(Placement placement, String raw, String rule) {
    return a(placement, NAME, raw, rule);
  }

  protected static Arguments a(Placement placement, String name, String raw, String rule) {
    return Arguments.of(placement, name, raw, new Expected(Kind.BLOCKS, rule));
  }

  /** A value that reports {@code rule} but does not block at paranoia 1. */
  protected static Arguments w(Placement placement, String raw, String rule) {
    return w(placement, NAME, raw, rule);
  }

  protected static Arguments w(Placement placement, String name, String raw, String rule) {
    return Arguments.of(placement, name, raw, new Expected(Kind.REPORTS, rule));
  }

  /** A value with no finding at paranoia 1. */
  protected static Arguments b(Placement placement, String raw) {
    return b(placement, NAME, raw);
  }

  protected static Arguments b(Placement placement, String name, String raw) {
    return Arguments.of(placement, name, raw, new Expected(Kind.NONE, "none"));
  }

  @ParameterizedTest(name = "[{index}] {0}:{1} {2} -> {3}")
  @MethodSource({"attacks", "benign"})
  void findsWhatTheRowNames(Placement placement, String name, String raw, Expected expected) {
    Report outcome = DetectorHarness.run(detector(), value(placement, name, raw));
    switch (expected.kind()) {
      case BLOCKS -> {
        assertThat(outcome.blocks()).as("%s", outcome).isTrue();
        assertThat(outcome.ids(1)).as("%s", outcome).contains(expected.rule());
      }
      case REPORTS -> {
        assertThat(outcome.ids(4)).as("%s", outcome).contains(expected.rule());
        assertThat(outcome.blocks()).as("%s", outcome).isFalse();
      }
      case NONE -> assertThat(outcome.ids(1)).as("%s", outcome).isEmpty();
    }
  }
}
