package ai.traceable.tme.engine.seclang.operator;

import java.nio.file.Path;

/**
 * Resolves the files an operator reads at load time ({@code @pmFromFile},
 * {@code @ipMatchFromFile}).
 */
public interface OperatorResources {

  /** The file called {@code fileName}, relative to the directory of the rule file that names it. */
  Path resolve(String fileName);
}
