package ai.traceable.tme.engine.seclang.operator;

/**
 * Creates operators from their SecLang name and argument.
 *
 * <p>This placeholder knows no operator yet; the operator library replaces it.
 */
public final class Operators {

  private Operators() {}

  /**
   * The operator called {@code name} (without the {@code @}) with its argument.
   *
   * @throws IllegalArgumentException when the name is unknown or the argument is invalid
   */
  public static Operator create(String name, String argument, OperatorResources resources) {
    throw new IllegalArgumentException("unknown operator: @" + name);
  }
}
