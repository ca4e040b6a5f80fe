package ai.traceable.tme.engine.seclang.transform;

/**
 * One SecLang transformation function ({@code t:name}) over a byte string: a {@link String} whose
 * chars are all in 0..255, one char per byte. Implementations are stateless and thread-safe.
 */
public interface Transformation {

  /** The transformation's name as written after {@code t:}. */
  String name();

  /** Transforms the byte string; returns the same instance when nothing changes. */
  String apply(String bytes);
}
