package ai.traceable.tme.engine.seclang.parse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Resolves the argument of {@code Include}: a file or a glob ({@code rules/*.conf}), relative to
 * the directory of the including file. Wildcards are allowed in the last path element only, and the
 * matches are read in name order, as httpd does.
 */
final class IncludeResolver {

  private IncludeResolver() {}

  static List<Path> resolve(Path includingFile, String pattern) {
    Path base = includingFile.toAbsolutePath().getParent();
    Path target = base == null ? Path.of(pattern) : base.resolve(pattern);
    String last = target.getFileName() == null ? "" : target.getFileName().toString();
    if (!hasWildcard(last)) {
      if (hasWildcard(target.toString())) {
        throw new IllegalArgumentException("wildcards only in the file name: " + pattern);
      }
      return Files.isRegularFile(target) ? List.of(target) : List.of();
    }
    Path dir = target.getParent();
    if (hasWildcard(dir.toString())) {
      throw new IllegalArgumentException("wildcards only in the file name: " + pattern);
    }
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    PathMatcher matcher = dir.getFileSystem().getPathMatcher("glob:" + last);
    try (Stream<Path> entries = Files.list(dir)) {
      List<Path> files = new ArrayList<>();
      entries
          .filter(p -> matcher.matches(p.getFileName()) && Files.isRegularFile(p))
          .sorted()
          .forEach(files::add);
      return files;
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot list " + dir + ": " + e.getMessage(), e);
    }
  }

  private static boolean hasWildcard(String s) {
    return s.indexOf('*') >= 0 || s.indexOf('?') >= 0 || s.indexOf('[') >= 0;
  }
}
