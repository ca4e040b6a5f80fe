package ai.traceable.tme.engine.seclang.operator;

import java.nio.file.Path;

/**
 * Where operators find the files their arguments name ({@code @pmFromFile},
 * {@code @ipMatchFromFile}).
 */
public interface OperatorResources {

  /** {@code fileName} resolved against the directory of the rule file that names it. */
  Path resolve(String fileName);
}
