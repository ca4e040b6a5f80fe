package ai.traceable.tme.engine.seclang.transform;

/**
 * One SecLang transformation ({@code t:name}): a pure function from a byte string to a byte string.
 *
 * <p>Values are byte strings: every char is 0..255 and stands for one byte (the ISO-8859-1 view of
 * the raw bytes). Implementations follow ModSecurity v2's byte semantics, never throw on any input
 * (an invalid encoding passes through as ModSecurity passes it), run in time linear in the input,
 * and are immutable and thread-safe. They return the argument itself when nothing changed, so a
 * caller may compare by identity to skip work.
 */
public interface Transformation {

  /** The canonical name, as ModSecurity documents it (for example {@code urlDecodeUni}). */
  String name();

  /** Transforms one value; {@code bytes} holds chars 0..255 only, and so does the result. */
  String apply(String bytes);
}
