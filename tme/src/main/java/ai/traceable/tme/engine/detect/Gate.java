package ai.traceable.tme.engine.detect;

import java.util.ArrayList;
import java.util.List;

/**
 * What a value must hold for a detector to find anything in it: one of the needles (lower-case
 * ASCII, found ignoring ASCII case) in the value's decoded or raw text, or one of the name needles
 * in its name. Text with a character outside ASCII is taken to hold every needle, since Unicode
 * case folding may turn it into one. {@link DetectionStage} finds the needles of every running
 * detector in one pass per value ({@link Gates}) and skips the detectors whose gate stays shut, so
 * most detectors never see most values.
 *
 * <p>A gate is a promise the detector keeps: when no needle occurs, its {@code inspect} reports
 * nothing. Declaring one is optional ({@link #ALWAYS} runs the detector on every value); a detector
 * that declares one lists everything its rules start from (its {@link Markers}, the characters its
 * own early returns test). Immutable.
 *
 * @param needles lower-case ASCII strings looked for in the value, any one opens the gate
 * @param nameNeedles lower-case ASCII strings looked for in the value's name
 * @param always whether the gate is always open (needles ignored)
 */
public record Gate(List<String> needles, List<String> nameNeedles, boolean always) {
  /** The gate of a detector that looks at every value. */
  public static final Gate ALWAYS = new Gate(List.of(), List.of(), true);

  public Gate {
    needles = List.copyOf(needles);
    nameNeedles = List.copyOf(nameNeedles);
  }

  /** Open when any of {@code lowerNeedles} occurs in the value (none: never open). */
  public static Gate anyOf(String... lowerNeedles) {
    return new Gate(List.of(lowerNeedles), List.of(), false);
  }

  /** This gate, also open where any needle of {@code markers} occurs. */
  public Gate or(Markers markers) {
    List<String> all = new ArrayList<>(needles);
    all.addAll(markers.needles());
    return new Gate(all, nameNeedles, always);
  }

  /** This gate, also open when the value's name holds any of {@code lowerNeedles}. */
  public Gate orName(String... lowerNeedles) {
    List<String> all = new ArrayList<>(nameNeedles);
    all.addAll(List.of(lowerNeedles));
    return new Gate(needles, all, always);
  }
}
