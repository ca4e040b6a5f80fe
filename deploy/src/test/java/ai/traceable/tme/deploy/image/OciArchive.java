package ai.traceable.tme.deploy.image;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPInputStream;

/**
 * An OCI image layout packed in a tar file, as {@code jib:buildTar} writes it with the OCI format:
 * {@code oci-layout}, {@code index.json} and {@code blobs/sha256/...}. Reads it with plain Java:
 * the small files are kept in memory, the layers are read from the file when asked for. Immutable.
 */
final class OciArchive {
  static final ObjectMapper JSON = new ObjectMapper();
  private static final int SMALL = 1 << 20;

  private final Path file;
  private final Map<String, byte[]> small;
  private final Map<String, Tar.Entry> entries;

  private OciArchive(Path file, Map<String, byte[]> small, Map<String, Tar.Entry> entries) {
    this.file = file;
    this.small = small;
    this.entries = entries;
  }

  static OciArchive read(Path file) {
    Map<String, byte[]> small = new HashMap<>();
    Map<String, Tar.Entry> entries = new LinkedHashMap<>();
    try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
      Tar.walk(
          in,
          (entry, content) -> {
            entries.put(entry.name(), entry);
            if (entry.isFile() && entry.size() <= SMALL) {
              small.put(entry.name(), content.readAllBytes());
            }
            return true;
          });
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new OciArchive(file, small, entries);
  }

  /** The names of every entry in the tar. */
  Set<String> names() {
    return entries.keySet();
  }

  JsonNode json(String name) {
    byte[] bytes = small.get(name);
    if (bytes == null) {
      throw new AssertionError(name + " is not in " + file + " (entries: " + names() + ")");
    }
    try {
      return JSON.readTree(bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  JsonNode index() {
    return json("index.json");
  }

  /** The one image manifest the index lists. */
  JsonNode manifest() {
    return json(blobName(index().path("manifests").path(0).path("digest").asText()));
  }

  /** The image configuration ({@code config.User}, {@code config.Env}, ...). */
  JsonNode config() {
    return json(blobName(manifest().path("config").path("digest").asText()));
  }

  List<String> layerDigests() {
    List<String> digests = new ArrayList<>();
    manifest().path("layers").forEach(layer -> digests.add(layer.path("digest").asText()));
    return digests;
  }

  /**
   * Finds files in the layers, the last layer first (so that a later layer's file wins).
   *
   * @return path (without a leading slash) to the entry and its content
   */
  Map<String, LayerFile> findInLayers(Set<String> paths) {
    Map<String, LayerFile> found = new HashMap<>();
    List<String> layers = layerDigests();
    for (int i = layers.size() - 1; i >= 0 && found.size() < paths.size(); i--) {
      try (InputStream layer = new GZIPInputStream(blob(layers.get(i)), 1 << 16)) {
        Tar.walk(
            layer,
            (entry, content) -> {
              if (paths.contains(entry.name()) && !found.containsKey(entry.name())) {
                found.put(entry.name(), new LayerFile(entry, content.readAllBytes()));
              }
              return true;
            });
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return found;
  }

  /** A file found in a layer: its tar entry (mode, owner) and its bytes. */
  record LayerFile(Tar.Entry entry, byte[] content) {}

  private InputStream blob(String digest) throws IOException {
    Tar.Entry entry = entries.get(blobName(digest));
    if (entry == null) {
      throw new AssertionError("blob " + digest + " is not in " + file);
    }
    FileChannel channel = FileChannel.open(file).position(entry.offset());
    return new Tar.Bounded(Channels.newInputStream(channel), entry.size()) {
      @Override
      public void close() throws IOException {
        channel.close();
      }
    };
  }

  private static String blobName(String digest) {
    return "blobs/" + digest.replace(':', '/');
  }
}
