package ai.traceable.tme.engine.seclang;

import ai.traceable.tme.engine.seclang.parse.SecLangFactories;

/** The test-only operator and transformation stand-ins as loader factories. */
public final class StandIns {

  private StandIns() {}

  public static SecLangFactories factories() {
    return new SecLangFactories(StandInOperators::create, StandInTransformations::byName);
  }
}
