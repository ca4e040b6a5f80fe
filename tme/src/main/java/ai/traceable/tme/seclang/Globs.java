package ai.traceable.tme.seclang;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.List;
import java.util.stream.Stream;

/**
 * File names with an optional glob in their last element ({@code rules/*.conf}), as {@code Include}
 * and {@code tme.seclang.rules} take them; matches come in name order, as httpd reads them.
 */
final class Globs {

  private Globs() {}

  /**
   * The regular files {@code pattern} names, relative to {@code base} (null: the working
   * directory); a pattern without wildcards names one file, which need not exist.
   *
   * @throws IllegalArgumentException for wildcards outside the last element
   */
  static List<Path> expand(Path base, String pattern) throws IOException {
    Path target = base == null ? Path.of(pattern) : base.resolve(pattern);
    String last = target.getFileName() == null ? "" : target.getFileName().toString();
    if (!hasWildcard(last)) {
      if (hasWildcard(target.toString())) {
        throw new IllegalArgumentException("wildcards only in the file name: " + pattern);
      }
      return Files.isRegularFile(target) ? List.of(target) : List.of();
    }
    Path dir = target.getParent();
    if (dir == null) {
      dir = Path.of("");
    }
    if (hasWildcard(dir.toString())) {
      throw new IllegalArgumentException("wildcards only in the file name: " + pattern);
    }
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    PathMatcher matcher = dir.getFileSystem().getPathMatcher("glob:" + last);
    try (Stream<Path> entries = Files.list(dir)) {
      return entries
          .filter(p -> matcher.matches(p.getFileName()) && Files.isRegularFile(p))
          .sorted()
          .toList();
    }
  }

  static boolean hasWildcard(String s) {
    return s.indexOf('*') >= 0 || s.indexOf('?') >= 0 || s.indexOf('[') >= 0;
  }
}
