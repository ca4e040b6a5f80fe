package ai.traceable.tme.capture;

import ai.traceable.tme.config.CaptureSettings;
import ai.traceable.tme.tls.PemTls;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import org.apache.pekko.http.javadsl.ConnectionContext;
import org.apache.pekko.http.javadsl.HttpsConnectionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The export client's TLS: trusted CAs and the client certificate from {@code tme.capture.tls},
 * host names always verified. The export pool asks for an engine per new connection; if a file
 * changed since it was read, the context is built again first. The kubelet updates a mounted Secret
 * by swapping its {@code ..data} symlink, so the same paths then resolve to new files: a new inode
 * or modification time is what counts as a change. A set of files that cannot be used is logged and
 * the previous context stays. Connections already open keep the certificates they started with.
 *
 * <p>Thread-safe: engines are created on the pool's threads.
 */
final class ExportTls {
  private static final Logger log = LoggerFactory.getLogger(ExportTls.class);

  private final CaptureSettings.Tls files;
  private List<Object> loadedVersion;
  private SSLContext context;

  /**
   * Reads the files once.
   *
   * @throws IllegalArgumentException naming a file that cannot be read or used
   */
  ExportTls(CaptureSettings.Tls files) {
    this.files = files;
    this.loadedVersion = version();
    this.context = load();
  }

  /** A connection context for Pekko HTTP's client that creates engines from the current files. */
  HttpsConnectionContext connectionContext() {
    return ConnectionContext.httpsClient(this::newEngine);
  }

  /** A client engine for {@code host}, which checks that the certificate names that host. */
  SSLEngine newEngine(String host, Integer port) {
    SSLEngine engine = current().createSSLEngine(host, port);
    engine.setUseClientMode(true);
    SSLParameters parameters = engine.getSSLParameters();
    parameters.setEndpointIdentificationAlgorithm("HTTPS");
    engine.setSSLParameters(parameters);
    return engine;
  }

  synchronized SSLContext current() {
    List<Object> seen = version();
    if (!seen.equals(loadedVersion)) {
      try {
        context = load();
        log.info("capture reloaded its TLS files {}", files.files());
      } catch (IllegalArgumentException e) {
        log.warn("capture keeps its previous TLS files: {}", e.getMessage());
      }
      loadedVersion = seen;
    }
    return context;
  }

  private SSLContext load() {
    return PemTls.clientContext(files.caFile(), files.certFile(), files.keyFile());
  }

  /** Identity and modification time of each file, following symlinks; a missing file counts. */
  private List<Object> version() {
    List<Object> version = new ArrayList<>();
    for (Path file : files.files()) {
      try {
        BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
        version.add(a.fileKey());
        version.add(a.lastModifiedTime());
      } catch (IOException e) {
        version.add("unreadable");
      }
    }
    return version;
  }
}
