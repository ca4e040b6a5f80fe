package ai.traceable.tme.engine.seclang.parse;

import ai.traceable.tme.engine.seclang.operator.Operator;
import ai.traceable.tme.engine.seclang.operator.OperatorResources;
import ai.traceable.tme.engine.seclang.operator.Operators;
import ai.traceable.tme.engine.seclang.transform.Transformation;
import ai.traceable.tme.engine.seclang.transform.Transformations;

/**
 * Where the loader gets operators and transformations. Production uses {@link #standard()}; tests
 * may substitute their own.
 *
 * @param operators creates an operator from its name (without {@code @}) and argument
 * @param transformations looks a transformation up by name
 */
public record SecLangFactories(OperatorFactory operators, TransformationFactory transformations) {

  /** Creates operators; throws IllegalArgumentException with a reason when it cannot. */
  @FunctionalInterface
  public interface OperatorFactory {
    Operator create(String name, String argument, OperatorResources resources);
  }

  /** Finds transformations; throws IllegalArgumentException for an unknown name. */
  @FunctionalInterface
  public interface TransformationFactory {
    Transformation byName(String name);
  }

  /** The engine's own operator and transformation libraries. */
  public static SecLangFactories standard() {
    return new SecLangFactories(Operators::create, Transformations::byName);
  }
}
