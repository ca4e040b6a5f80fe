package ai.traceable.tme.engine.seclang.parse;

import java.nio.file.Path;

/**
 * One logical configuration line: physical lines joined at trailing backslashes.
 *
 * @param file the file it was read from
 * @param line the 1-based number of its first physical line
 * @param text the joined text, without the continuation backslashes
 */
public record SourceLine(Path file, int line, String text) {

  /** {@code file:line}, the prefix of every load error. */
  public String where() {
    return file + ":" + line;
  }
}
