package ai.traceable.tme.seclang;

import ai.traceable.tme.engine.seclang.parse.SecLangSource;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * SecLang files on the local file system. {@code Include} and data file names are relative to the
 * directory of the file that names them. Remembers every file it read, so that a reload can tell
 * whether any of them changed. Not thread-safe: one per load.
 */
final class DiskSource implements SecLangSource {
  private final Set<Path> read = new LinkedHashSet<>();

  /** Every file read so far, in first-read order. */
  List<Path> filesRead() {
    return new ArrayList<>(read);
  }

  @Override
  public String canonical(String file) {
    return Path.of(file).toAbsolutePath().normalize().toString();
  }

  @Override
  public String read(String file) throws IOException {
    read.add(Path.of(file));
    return Files.readString(Path.of(file), StandardCharsets.ISO_8859_1);
  }

  @Override
  public List<String> include(String includingFile, String pattern) throws IOException {
    Path base = Path.of(includingFile).toAbsolutePath().getParent();
    return Globs.expand(base, pattern).stream().map(Path::toString).toList();
  }

  @Override
  public List<String> dataLines(String ruleFile, String name) throws IOException {
    Path dir = Path.of(ruleFile).toAbsolutePath().getParent();
    Path file = dir == null ? Path.of(name) : dir.resolve(name);
    read.add(file);
    return Files.readAllLines(file, StandardCharsets.ISO_8859_1);
  }
}
