package ai.traceable.tme.engine.seclang.transform;

/**
 * Looks up transformations by their SecLang name. {@code none} is not a transformation here: the
 * rule model treats it as "reset the chain".
 *
 * <p>This placeholder knows no transformation yet; the transformation library replaces it.
 */
public final class Transformations {

  private Transformations() {}

  /**
   * The transformation called {@code name}.
   *
   * @throws IllegalArgumentException when no transformation has that name
   */
  public static Transformation byName(String name) {
    throw new IllegalArgumentException("unknown transformation: " + name);
  }
}
