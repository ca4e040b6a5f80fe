package ai.traceable.tme.conformance;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A directory kept the way the kubelet keeps a mounted ConfigMap: the content in {@code
 * ..<timestamp>/<key>}, {@code ..data} a symlink to that directory, {@code <key>} a symlink to
 * {@code ..data/<key>}. An update writes a new timestamped directory, points {@code ..data_tmp} at
 * it, renames that over {@code ..data} in one atomic step and deletes the old directory.
 */
final class ConfigMapVolume {
  private final Path dir;
  private final String key;
  private Path current;
  private int generation;

  ConfigMapVolume(Path dir, String key, String content) throws IOException {
    this.dir = dir;
    this.key = key;
    current = writeGeneration(content);
    Files.createSymbolicLink(dir.resolve("..data"), current.getFileName());
    Files.createSymbolicLink(dir.resolve(key), Path.of("..data", key));
  }

  /** The path a pod reads, {@code <dir>/<key>}. */
  Path file() {
    return dir.resolve(key);
  }

  /** Replaces the content with the kubelet's sequence of operations. */
  void update(String content) throws IOException {
    Path next = writeGeneration(content);
    Path tmp = Files.createSymbolicLink(dir.resolve("..data_tmp"), next.getFileName());
    Files.move(tmp, dir.resolve("..data"), StandardCopyOption.ATOMIC_MOVE);
    try (Stream<Path> old = Files.walk(current)) {
      for (Path p : old.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
    current = next;
  }

  private Path writeGeneration(String content) throws IOException {
    Path generationDir = Files.createDirectory(dir.resolve("..2024_05_01_12_00_0" + ++generation));
    Files.writeString(generationDir.resolve(key), content);
    return generationDir;
  }
}
