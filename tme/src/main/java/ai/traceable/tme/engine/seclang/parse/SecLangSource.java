package ai.traceable.tme.engine.seclang.parse;

import java.io.IOException;
import java.util.List;

/**
 * Where SecLang configuration comes from: the files a load names, the files their {@code Include}
 * directives name and the data files of {@code @pmFromFile} / {@code @ipMatchFromFile}. Files are
 * named by strings so that the engine needs no file-system types; whoever loads rules (the
 * top-level {@code seclang} package reads the disk) supplies the implementation, and it is only
 * called while rules load, never on the check path.
 */
public interface SecLangSource {

  /** A stable name for {@code file}, used to detect a file that includes itself. */
  String canonical(String file);

  /** The content of {@code file}, one char per byte (ISO-8859-1), as ModSecurity reads it. */
  String read(String file) throws IOException;

  /**
   * The files an {@code Include} of {@code pattern} in {@code includingFile} names, in the order
   * they are read: a file or a glob in its last element, relative to the including file's
   * directory; empty when nothing matches.
   *
   * @throws IllegalArgumentException when the pattern is not supported
   */
  List<String> include(String includingFile, String pattern) throws IOException;

  /** The lines of the data file {@code name}, relative to the directory of {@code ruleFile}. */
  List<String> dataLines(String ruleFile, String name) throws IOException;

  /** A source with no files at all: loads of inline text that names none. */
  static SecLangSource none() {
    return new SecLangSource() {
      @Override
      public String canonical(String file) {
        return file;
      }

      @Override
      public String read(String file) throws IOException {
        throw new IOException("no files can be read here");
      }

      @Override
      public List<String> include(String includingFile, String pattern) {
        return List.of();
      }

      @Override
      public List<String> dataLines(String ruleFile, String name) throws IOException {
        throw new IOException("no data files can be read here");
      }
    };
  }
}
