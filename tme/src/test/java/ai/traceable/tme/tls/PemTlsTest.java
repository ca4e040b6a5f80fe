package ai.traceable.tme.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.traceable.tme.tls.TestPki.KeyFormat;
import ai.traceable.tme.tls.TestPki.KeyType;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.Certificate;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PemTlsTest {
  private static TestPki ca;
  @TempDir Path dir;

  @BeforeAll
  static void authority() throws Exception {
    ca = TestPki.authority("pem-test-ca");
  }

  /** The key read back signs what the certificate's public key verifies: it is the same key. */
  private static void assertPairs(TestPki.Issued issued, PrivateKey read) throws Exception {
    byte[] data = "pairs".getBytes(StandardCharsets.US_ASCII);
    String algorithm = read.getAlgorithm().equals("RSA") ? "SHA256withRSA" : "SHA256withECDSA";
    Signature signer = Signature.getInstance(algorithm);
    signer.initSign(read);
    signer.update(data);
    Signature verifier = Signature.getInstance(algorithm);
    verifier.initVerify(issued.certificate().getPublicKey());
    verifier.update(data);
    assertThat(verifier.verify(signer.sign())).isTrue();
  }

  /** The leaf certificate each side of a handshake received; the client's only when asked for. */
  private record Peers(Certificate server, Optional<Certificate> client) {}

  /** Runs one TLS handshake between the two contexts in memory; fails if either side refuses. */
  private static Peers handshake(SSLContext server, SSLContext client, boolean needClientAuth)
      throws Exception {
    SSLEngine serverSide = server.createSSLEngine();
    serverSide.setUseClientMode(false);
    serverSide.setNeedClientAuth(needClientAuth);
    SSLEngine clientSide = client.createSSLEngine("localhost", 443);
    clientSide.setUseClientMode(true);
    ByteBuffer toServer = ByteBuffer.allocate(64 * 1024);
    ByteBuffer toClient = ByteBuffer.allocate(64 * 1024);
    clientSide.beginHandshake();
    serverSide.beginHandshake();
    // each round moves at most one record each way; a handshake needs about a dozen
    for (int round = 0; round < 100 && !(finished(clientSide) && finished(serverSide)); round++) {
      exchange(clientSide, toServer, toClient);
      exchange(serverSide, toClient, toServer);
    }
    assertThat(finished(clientSide) && finished(serverSide)).as("handshake finished").isTrue();
    return new Peers(
        clientSide.getSession().getPeerCertificates()[0],
        needClientAuth
            ? Optional.of(serverSide.getSession().getPeerCertificates()[0])
            : Optional.empty());
  }

  /**
   * Lets {@code engine} write what it has to send to {@code out} and read one record of {@code in}.
   */
  private static void exchange(SSLEngine engine, ByteBuffer out, ByteBuffer in) throws Exception {
    engine.wrap(ByteBuffer.allocate(0), out);
    runTasks(engine);
    in.flip();
    engine.unwrap(in, ByteBuffer.allocate(64 * 1024));
    in.compact();
    runTasks(engine);
  }

  private static void runTasks(SSLEngine engine) {
    for (Runnable task = engine.getDelegatedTask();
        task != null;
        task = engine.getDelegatedTask()) {
      task.run();
    }
  }

  private static boolean finished(SSLEngine engine) {
    HandshakeStatus status = engine.getHandshakeStatus();
    return status == HandshakeStatus.NOT_HANDSHAKING || status == HandshakeStatus.FINISHED;
  }

  @ParameterizedTest(name = "{0} key as {1} starting {2}")
  @CsvSource({
    "RSA, PKCS8,       -----BEGIN PRIVATE KEY-----",
    "RSA, TRADITIONAL, -----BEGIN RSA PRIVATE KEY-----",
    "EC,  PKCS8,       -----BEGIN PRIVATE KEY-----",
    "EC,  TRADITIONAL, -----BEGIN EC PRIVATE KEY-----"
  })
  void readsKeysInEachFormAKubernetesTlsSecretHoldsAndHandshakesWithThem(
      KeyType type, KeyFormat format, String begins) throws Exception {
    TestPki.Issued issued = ca.issue("server", type, "localhost");
    Path cert = issued.writeCertificate(dir.resolve("tls.crt"));
    Path key = issued.writeKey(dir.resolve("tls.key"), format);
    assertThat(Files.readString(key)).startsWith(begins);

    assertPairs(issued, PemKeys.read(key));
    Path caFile = ca.writeCertificate(dir.resolve("ca.crt"));
    SSLContext trusting =
        PemTls.clientContext(Optional.of(caFile), Optional.empty(), Optional.empty());
    assertThat(handshake(PemTls.serverContext(cert, key), trusting, false).server())
        .isEqualTo(issued.certificate());
    SSLContext presenting =
        PemTls.clientContext(Optional.of(caFile), Optional.of(cert), Optional.of(key));
    SSLContext requiring =
        TestPki.serverContext(ca.issue("peer", KeyType.RSA, "localhost"), Optional.of(ca));
    assertThat(handshake(requiring, presenting, true).client()).contains(issued.certificate());
  }

  @Test
  void skipsTheEcParametersBlockOpensslWritesAheadOfTheKey() throws Exception {
    TestPki.Issued issued = ca.issue("server", KeyType.EC, "localhost");
    Path key = issued.writeKey(dir.resolve("tls.key"), KeyFormat.TRADITIONAL);
    Files.writeString(
        key,
        "-----BEGIN EC PARAMETERS-----\nBggqhkjOPQMBBw==\n-----END EC PARAMETERS-----\n"
            + Files.readString(key));

    assertPairs(issued, PemKeys.read(key));
  }

  @Test
  void readsEveryCertificateOfABundleInOrder() throws Exception {
    TestPki other = TestPki.authority("other-ca");
    Path bundle = dir.resolve("ca.crt");
    Files.writeString(
        bundle, TestPki.pem(ca.certificate()) + "\n" + TestPki.pem(other.certificate()));

    assertThat(PemTls.certificates(bundle)).containsExactly(ca.certificate(), other.certificate());
  }

  @Test
  void refusesAnEncryptedKeyNamingTheFileAndSayingWhy() throws Exception {
    Path key = dir.resolve("tls.key");
    Files.writeString(
        key, "-----BEGIN ENCRYPTED PRIVATE KEY-----\nMIIB\n-----END ENCRYPTED PRIVATE KEY-----\n");

    assertThatThrownBy(() -> PemKeys.read(key))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(key.toString())
        .hasMessageContaining("encrypted");
  }

  @Test
  void refusesAFileWithoutAKeyNamingIt() throws Exception {
    TestPki.Issued issued = ca.issue("server", KeyType.RSA, "localhost");
    Path cert = issued.writeCertificate(dir.resolve("tls.crt"));
    Path key = Files.writeString(dir.resolve("tls.key"), "not a key\n");

    assertThatThrownBy(() -> PemTls.serverContext(cert, key))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(key.toString());
  }

  @Test
  void refusesAMissingCertificateFile() {
    assertThatThrownBy(() -> PemTls.serverContext(dir.resolve("tls.crt"), dir.resolve("tls.key")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("tls.crt");
  }

  @Test
  void refusesACaFileWithoutCertificatesNamingIt() throws Exception {
    Path empty = Files.writeString(dir.resolve("ca.crt"), "\n");

    assertThatThrownBy(
            () -> PemTls.clientContext(Optional.of(empty), Optional.empty(), Optional.empty()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(empty.toString());
  }

  @Test
  void refusesAClientCertificateWithoutItsKey() throws Exception {
    Path cert = ca.issue("client", KeyType.RSA).writeCertificate(dir.resolve("tls.crt"));

    assertThatThrownBy(
            () -> PemTls.clientContext(Optional.empty(), Optional.of(cert), Optional.empty()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("needs its key");
  }
}
