package ai.traceable.tme.injector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.traceable.tme.tls.TestPki;
import ai.traceable.tme.tls.TestPki.KeyFormat;
import ai.traceable.tme.tls.TestPki.KeyType;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** The injector's TLS private key appears in no log line and no error message, whatever happens. */
class InjectorTlsLogTest {
  @TempDir Path dir;
  private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
  private final Logger root = (Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME);
  private final Logger tme = (Logger) LoggerFactory.getLogger("ai.traceable.tme");

  @BeforeEach
  void attach() {
    appender.setContext((LoggerContext) LoggerFactory.getILoggerFactory());
    appender.start();
    root.addAppender(appender);
    tme.setLevel(Level.DEBUG); // every line tme could write, not only the test default's WARN
  }

  @AfterEach
  void detach() {
    tme.setLevel(null);
    root.detachAppender(appender);
  }

  /** 20-character pieces of a PEM file's base64 body: any of them in a log is a leak. */
  private static List<String> keyPieces(Path pem) throws Exception {
    StringBuilder body = new StringBuilder();
    for (String line : Files.readAllLines(pem)) {
      if (!line.startsWith("-----")) {
        body.append(line.trim());
      }
    }
    List<String> pieces = new ArrayList<>();
    for (int i = 0; i + 20 <= body.length(); i += 20) {
      pieces.add(body.substring(i, i + 20));
    }
    assertThat(pieces).isNotEmpty();
    return pieces;
  }

  private String everythingLogged() {
    StringBuilder all = new StringBuilder();
    for (ILoggingEvent e : appender.list) {
      all.append(e.getFormattedMessage()).append('\n');
      if (e.getThrowableProxy() != null) {
        all.append(ThrowableProxyUtil.asString(e.getThrowableProxy())).append('\n');
      }
    }
    return all.toString();
  }

  private static void touch(Path file, long seconds) throws Exception {
    Files.setLastModifiedTime(file, FileTime.fromMillis(1_700_000_000_000L + seconds * 1000));
  }

  @Test
  void neitherAGoodNorABrokenKeyIsLoggedOnLoadOrReload() throws Exception {
    TestPki.Issued first = TestPki.authority("ca").issue("injector.test", KeyType.RSA, "localhost");
    Path cert = first.writeCertificate(dir.resolve("tls.crt"));
    Path key = first.writeKey(dir.resolve("tls.key"), KeyFormat.TRADITIONAL);
    List<String> secrets = new ArrayList<>(keyPieces(key));
    touch(cert, 1);
    touch(key, 1);
    ReloadingTls tls = new ReloadingTls(cert, key);

    // a broken key that still holds real key material: refused, logged, the old one kept
    List<String> lines = Files.readAllLines(key);
    List<String> broken = new ArrayList<>(lines.subList(0, lines.size() / 2));
    broken.add(lines.get(lines.size() - 1));
    Files.write(key, broken);
    touch(key, 2);
    assertThat(tls.current()).isNotNull();

    // a renewed pair: reloaded and logged
    TestPki.Issued second =
        TestPki.authority("ca2").issue("injector.test", KeyType.EC, "localhost");
    second.writeCertificate(cert);
    second.writeKey(key, KeyFormat.PKCS8);
    secrets.addAll(keyPieces(key));
    touch(cert, 3);
    touch(key, 3);
    assertThat(tls.current()).isNotNull();

    String logged = everythingLogged();
    assertThat(logged).contains("keeping the previous TLS certificate", "reloaded");
    assertThat(logged).doesNotContain(secrets.toArray(String[]::new));
  }

  @Test
  void aKeyThatCannotBeUsedAtStartIsRefusedWithoutItsContentInTheMessage() throws Exception {
    TestPki.Issued issued =
        TestPki.authority("ca").issue("injector.test", KeyType.RSA, "localhost");
    Path cert = issued.writeCertificate(dir.resolve("tls.crt"));
    Path key = issued.writeKey(dir.resolve("tls.key"), KeyFormat.PKCS8);
    List<String> secrets = keyPieces(key);
    List<String> lines = Files.readAllLines(key);
    List<String> broken = new ArrayList<>(lines.subList(0, 4));
    broken.add(lines.get(lines.size() - 1));
    Files.write(key, broken);

    assertThatThrownBy(() -> new ReloadingTls(cert, key))
        .isInstanceOf(IllegalArgumentException.class)
        .satisfies(
            e -> {
              StringBuilder messages = new StringBuilder();
              for (Throwable t = e; t != null; t = t.getCause()) {
                messages.append(t).append('\n');
              }
              assertThat(messages.toString()).doesNotContain(secrets.toArray(String[]::new));
            });
    assertThat(everythingLogged()).doesNotContain(secrets.toArray(String[]::new));
  }
}
