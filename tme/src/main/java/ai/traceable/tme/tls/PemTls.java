package ai.traceable.tme.tls;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

/**
 * {@link SSLContext}s from PEM files as a {@code kubernetes.io/tls} Secret (or a CA bundle) holds
 * them, with the JDK alone: certificates in PEM, keys as {@link PemKeys} reads them. Used by the
 * injector's webhook server and by capture's export client. Stateless and thread-safe.
 */
public final class PemTls {
  private static final char[] NO_PASSWORD = new char[0];

  private PemTls() {}

  /**
   * A server context presenting the chain in {@code certFile} (leaf first) with the key in {@code
   * keyFile}.
   *
   * @throws IllegalArgumentException naming the file when it cannot be read or used
   */
  public static SSLContext serverContext(Path certFile, Path keyFile) {
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(keyManagers(certFile, keyFile), null, null);
      return context;
    } catch (IOException e) {
      throw cannotRead(e);
    } catch (GeneralSecurityException e) {
      throw cannotUse(certFile + " and " + keyFile, e);
    }
  }

  /**
   * A client context that trusts the certificates in {@code caFile} (the JDK's default trust store
   * when empty) and, for mutual TLS, presents the chain in {@code certFile} with the key in {@code
   * keyFile} (both or neither). Host names are verified by whoever creates the engine.
   *
   * @throws IllegalArgumentException naming the file when one cannot be read or used
   */
  public static SSLContext clientContext(
      Optional<Path> caFile, Optional<Path> certFile, Optional<Path> keyFile) {
    if (certFile.isPresent() != keyFile.isPresent()) {
      throw new IllegalArgumentException(
          "a client certificate needs its key and a key its certificate");
    }
    try {
      KeyManager[] keys = certFile.isPresent() ? keyManagers(certFile.get(), keyFile.get()) : null;
      // null trust managers: the JDK's default trust store
      TrustManager[] trust = caFile.isPresent() ? trustManagers(caFile.get()) : null;
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(keys, trust, null);
      return context;
    } catch (IOException e) {
      throw cannotRead(e);
    } catch (GeneralSecurityException e) {
      throw cannotUse(
          Stream.of(caFile, certFile, keyFile)
              .flatMap(Optional::stream)
              .map(Path::toString)
              .collect(Collectors.joining(", ")),
          e);
    }
  }

  /**
   * Every certificate in a PEM file, in file order.
   *
   * @throws IllegalArgumentException naming the file when it holds none or cannot be read
   */
  public static List<X509Certificate> certificates(Path file) {
    try {
      List<X509Certificate> out = new ArrayList<>();
      for (Certificate c :
          CertificateFactory.getInstance("X.509")
              .generateCertificates(new ByteArrayInputStream(Files.readAllBytes(file)))) {
        out.add((X509Certificate) c);
      }
      if (out.isEmpty()) {
        throw new IllegalArgumentException(file + " holds no certificate");
      }
      return out;
    } catch (IOException e) {
      throw cannotRead(e);
    } catch (GeneralSecurityException e) {
      throw cannotUse(file.toString(), e);
    }
  }

  private static KeyManager[] keyManagers(Path certFile, Path keyFile)
      throws IOException, GeneralSecurityException {
    List<X509Certificate> chain = certificates(certFile);
    PrivateKey key = PemKeys.read(keyFile);
    KeyStore store = KeyStore.getInstance("PKCS12");
    store.load(null, null);
    store.setKeyEntry("tls", key, NO_PASSWORD, chain.toArray(new Certificate[0]));
    KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    keys.init(store, NO_PASSWORD);
    return keys.getKeyManagers();
  }

  private static TrustManager[] trustManagers(Path caFile)
      throws IOException, GeneralSecurityException {
    KeyStore store = KeyStore.getInstance("PKCS12");
    store.load(null, null);
    List<X509Certificate> authorities = certificates(caFile);
    for (int i = 0; i < authorities.size(); i++) {
      store.setCertificateEntry("ca-" + i, authorities.get(i));
    }
    TrustManagerFactory trust =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trust.init(store);
    return trust.getTrustManagers();
  }

  private static IllegalArgumentException cannotRead(IOException e) {
    return new IllegalArgumentException("cannot read TLS files: " + e.getMessage(), e);
  }

  private static IllegalArgumentException cannotUse(String what, GeneralSecurityException e) {
    return new IllegalArgumentException("cannot use " + what + ": " + e.getMessage(), e);
  }
}
