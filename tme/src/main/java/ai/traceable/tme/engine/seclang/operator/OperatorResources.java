package ai.traceable.tme.engine.seclang.operator;

import java.io.IOException;
import java.util.List;

/**
 * The files operator arguments name ({@code @pmFromFile}, {@code @ipMatchFromFile}), read for the
 * operators by whoever loads the rules: operators are compiled when rules load and never touch the
 * file system themselves, so the engine stays free of I/O.
 */
public interface OperatorResources {

  /**
   * The lines of {@code fileName} (resolved against the directory of the rule file that names it),
   * one char per byte (ISO-8859-1), as ModSecurity reads data files.
   *
   * @throws IOException when the file cannot be read
   */
  List<String> lines(String fileName) throws IOException;
}
