package ai.traceable.tme.engine.seclang.operator;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Operator resources read from a directory, as a rules loader would supply them. */
final class FileResources {
  private FileResources() {}

  static OperatorResources in(Path dir) {
    return name -> Files.readAllLines(dir.resolve(name), StandardCharsets.ISO_8859_1);
  }
}
