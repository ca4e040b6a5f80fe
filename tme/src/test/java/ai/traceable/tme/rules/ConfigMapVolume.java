package ai.traceable.tme.rules;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.Comparator;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * A directory kept the way the kubelet keeps a mounted ConfigMap (its AtomicWriter): the content
 * lives in a timestamped directory {@code ..<timestamp>/<key>}, {@code ..data} is a symlink to that
 * directory, and {@code <key>} is a symlink to {@code ..data/<key>}. An update writes a new
 * timestamped directory, points a new symlink {@code ..data_tmp} at it, renames that over {@code
 * ..data} in one atomic step, then deletes the old directory. The key's own symlink never changes.
 */
final class ConfigMapVolume {
  private static final Path DATA = Path.of("..data");
  private static final Path DATA_TMP = Path.of("..data_tmp");

  private final Path dir;
  private final String key;
  private Path current;
  private int generation;

  private ConfigMapVolume(Path dir, String key) {
    this.dir = dir;
    this.key = key;
  }

  /** A volume in {@code dir} holding {@code key} with {@code content}. */
  static ConfigMapVolume create(Path dir, String key, String content) throws IOException {
    ConfigMapVolume volume = new ConfigMapVolume(dir, key);
    volume.current = volume.writeGeneration(content);
    Files.createSymbolicLink(dir.resolve(DATA), volume.current.getFileName());
    Files.createSymbolicLink(dir.resolve(key), DATA.resolve(key));
    return volume;
  }

  /** The path a pod reads: {@code <dir>/<key>}, a symlink. */
  Path file() {
    return dir.resolve(key);
  }

  /** The real file behind {@link #file()} now. */
  Path realFile() {
    return current.resolve(key);
  }

  /** Updates the content with the kubelet's sequence of operations. */
  void update(String content) throws IOException {
    update(content, null);
  }

  /** As {@link #update(String)}, with the new file's modification time set to {@code mtime}. */
  void update(String content, FileTime mtime) throws IOException {
    Path next = writeGeneration(content);
    if (mtime != null) {
      Files.setLastModifiedTime(next.resolve(key), mtime);
    }
    swapTo(next);
  }

  /**
   * Drops the key from the ConfigMap: a new generation without it, and the key's symlink removed.
   */
  void removeKey() throws IOException {
    swapTo(writeGeneration(null));
    Files.delete(file());
  }

  /** Adds the key back with {@code content}. */
  void restoreKey(String content) throws IOException {
    swapTo(writeGeneration(content));
    Files.createSymbolicLink(file(), DATA.resolve(key));
  }

  private void swapTo(Path next) throws IOException {
    Path tmp = dir.resolve(DATA_TMP);
    Files.createSymbolicLink(tmp, next.getFileName());
    // rename(2) of the link itself: readers see either the old or the new directory, never neither
    Files.move(tmp, dir.resolve(DATA), StandardCopyOption.ATOMIC_MOVE);
    deleteTree(current);
    current = next;
  }

  private Path writeGeneration(String content) throws IOException {
    // the kubelet names them after the time of the update, e.g. ..2024_05_01_12_00_00.123456789
    String name = String.format(Locale.ROOT, "..2024_05_01_12_00_%02d.0", ++generation);
    Path generationDir = Files.createDirectory(dir.resolve(name));
    if (content != null) {
      Files.writeString(generationDir.resolve(key), content);
    }
    return generationDir;
  }

  private static void deleteTree(Path root) throws IOException {
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
