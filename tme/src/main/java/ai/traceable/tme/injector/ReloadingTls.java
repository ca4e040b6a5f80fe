package ai.traceable.tme.injector;

import ai.traceable.tme.tls.PemTls;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Server TLS from PEM files that may change while running: cert-manager renews the Secret and the
 * kubelet swaps the mounted files. Every new connection checks the files' modification times and,
 * when they changed, rebuilds the context; a broken pair is logged and the previous one stays.
 *
 * <p>Thread-safe: engines are created on Pekko HTTP's threads, one per accepted connection.
 */
final class ReloadingTls {
  private static final Logger log = LoggerFactory.getLogger(ReloadingTls.class);

  private final Path certFile;
  private final Path keyFile;
  private List<FileTime> loadedVersion;
  private SSLContext context;

  /**
   * Loads the files once.
   *
   * @throws IllegalArgumentException when they cannot be read or used
   */
  ReloadingTls(Path certFile, Path keyFile) {
    this.certFile = certFile;
    this.keyFile = keyFile;
    this.loadedVersion = version();
    this.context = PemTls.serverContext(certFile, keyFile);
  }

  /** A server-side engine from the current files. */
  SSLEngine newEngine() {
    SSLEngine engine = current().createSSLEngine();
    engine.setUseClientMode(false);
    return engine;
  }

  synchronized SSLContext current() {
    List<FileTime> seen = version();
    if (!seen.equals(loadedVersion)) {
      try {
        context = PemTls.serverContext(certFile, keyFile);
        log.info("reloaded the injector's TLS certificate from {}", certFile);
      } catch (IllegalArgumentException e) {
        log.warn("keeping the previous TLS certificate: {}", e.getMessage());
      }
      loadedVersion = seen;
    }
    return context;
  }

  private List<FileTime> version() {
    try {
      return List.of(Files.getLastModifiedTime(certFile), Files.getLastModifiedTime(keyFile));
    } catch (IOException e) {
      return List.of();
    }
  }
}
