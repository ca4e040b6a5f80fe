package ai.traceable.tme.tls;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A throwaway certificate authority for TLS tests (capture to an agent, the injector's webhook): it
 * issues server and client certificates and writes them, and keys in each form a {@code
 * kubernetes.io/tls} Secret may hold, as PEM files. Not thread-safe beyond unique serial numbers.
 */
public final class TestPki {
  private static final AtomicLong SERIAL = new AtomicLong(System.currentTimeMillis());

  /** Key algorithm of an issued certificate. */
  public enum KeyType {
    RSA,
    EC
  }

  /** How a key file is written. */
  public enum KeyFormat {
    /** {@code PRIVATE KEY}. */
    PKCS8,
    /** {@code RSA PRIVATE KEY} for RSA, SEC1 {@code EC PRIVATE KEY} (with its curve) for EC. */
    TRADITIONAL
  }

  /** A certificate with its key and the authority that signed it. */
  public record Issued(X509Certificate certificate, PrivateKey key, TestPki issuer) {
    public Path writeCertificate(Path file) throws IOException {
      return write(file, pem(certificate));
    }

    public Path writeKey(Path file, KeyFormat format) throws IOException {
      return write(file, keyPem(key, format));
    }
  }

  private final KeyPair keys;
  private final X509Certificate certificate;

  private TestPki(KeyPair keys, X509Certificate certificate) {
    this.keys = keys;
    this.certificate = certificate;
  }

  /** A new self-signed CA named {@code name}. */
  public static TestPki authority(String name) throws GeneralSecurityException {
    KeyPair keys = generate(KeyType.RSA);
    X500Name subject = new X500Name("CN=" + name);
    JcaX509v3CertificateBuilder builder = builder(subject, subject, keys);
    try {
      builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
      builder.addExtension(
          Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
    } catch (IOException e) {
      throw new GeneralSecurityException(e);
    }
    return new TestPki(keys, sign(builder, keys.getPrivate()));
  }

  public X509Certificate certificate() {
    return certificate;
  }

  /** Writes this authority's certificate (the trust anchor) as PEM. */
  public Path writeCertificate(Path file) throws IOException {
    return write(file, pem(certificate));
  }

  /**
   * Issues a certificate for {@code cn} whose subject alternative names are {@code hosts} (none for
   * a client certificate): DNS names, or IP addresses for literals such as {@code 127.0.0.1}.
   */
  public Issued issue(String cn, KeyType type, String... hosts) throws GeneralSecurityException {
    KeyPair subjectKeys = generate(type);
    JcaX509v3CertificateBuilder builder =
        builder(
            new X500Name(certificate.getSubjectX500Principal().getName()),
            new X500Name("CN=" + cn),
            subjectKeys);
    if (hosts.length > 0) {
      List<GeneralName> names = new ArrayList<>();
      for (String host : hosts) {
        boolean ip = host.matches("[0-9.]+") || host.contains(":");
        names.add(new GeneralName(ip ? GeneralName.iPAddress : GeneralName.dNSName, host));
      }
      try {
        builder.addExtension(
            Extension.subjectAlternativeName,
            false,
            new GeneralNames(names.toArray(new GeneralName[0])));
      } catch (IOException e) {
        throw new GeneralSecurityException(e);
      }
    }
    return new Issued(sign(builder, keys.getPrivate()), subjectKeys.getPrivate(), this);
  }

  /**
   * A server context presenting {@code server}; with {@code clientAuthority} it requires a client
   * certificate signed by that authority.
   */
  public static SSLContext serverContext(Issued server, Optional<TestPki> clientAuthority)
      throws IOException, GeneralSecurityException {
    KeyStore keyStore = KeyStore.getInstance("PKCS12");
    keyStore.load(null, null);
    keyStore.setKeyEntry(
        "server", server.key(), new char[0], new X509Certificate[] {server.certificate()});
    KeyManagerFactory keyManagers =
        KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    keyManagers.init(keyStore, new char[0]);
    TrustManagerFactory trust = null;
    if (clientAuthority.isPresent()) {
      KeyStore trustStore = KeyStore.getInstance("PKCS12");
      trustStore.load(null, null);
      trustStore.setCertificateEntry("clients", clientAuthority.get().certificate());
      trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init(trustStore);
    }
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(
        keyManagers.getKeyManagers(), trust == null ? null : trust.getTrustManagers(), null);
    return context;
  }

  /**
   * A server context presenting a new RSA certificate for {@code host} from this authority; with
   * {@code requireClientCertificate} clients must present a certificate this authority issued.
   */
  public SSLContext serverContext(String host, boolean requireClientCertificate)
      throws IOException, GeneralSecurityException {
    return serverContext(
        issue(host, KeyType.RSA, host),
        requireClientCertificate ? Optional.of(this) : Optional.empty());
  }

  /** A client context that trusts this authority and nothing else, presenting no certificate. */
  public SSLContext clientContext() throws IOException, GeneralSecurityException {
    KeyStore trustStore = KeyStore.getInstance("PKCS12");
    trustStore.load(null, null);
    trustStore.setCertificateEntry("authority", certificate);
    TrustManagerFactory trust =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trust.init(trustStore);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, trust.getTrustManagers(), null);
    return context;
  }

  private static KeyPair generate(KeyType type) throws GeneralSecurityException {
    KeyPairGenerator generator = KeyPairGenerator.getInstance(type.name());
    generator.initialize(type == KeyType.RSA ? 2048 : 256);
    return generator.generateKeyPair();
  }

  private static JcaX509v3CertificateBuilder builder(
      X500Name issuer, X500Name subject, KeyPair subjectKeys) {
    Instant now = Instant.now();
    return new JcaX509v3CertificateBuilder(
        issuer,
        BigInteger.valueOf(SERIAL.incrementAndGet()),
        Date.from(now.minus(1, ChronoUnit.HOURS)),
        Date.from(now.plus(1, ChronoUnit.DAYS)),
        subject,
        subjectKeys.getPublic());
  }

  private static X509Certificate sign(JcaX509v3CertificateBuilder builder, PrivateKey issuerKey)
      throws GeneralSecurityException {
    try {
      return new JcaX509CertificateConverter()
          .getCertificate(
              builder.build(new JcaContentSignerBuilder("SHA256withRSA").build(issuerKey)));
    } catch (OperatorCreationException e) {
      throw new GeneralSecurityException(e);
    }
  }

  private static String keyPem(PrivateKey key, KeyFormat format) throws IOException {
    if (format == KeyFormat.PKCS8) {
      return block("PRIVATE KEY", key.getEncoded());
    }
    if (key instanceof ECPrivateKey ec) {
      // SEC1 with the curve in [0], as openssl and cert-manager write it (the JDK's own encoding
      // leaves the curve out of the inner structure)
      var curve = PrivateKeyInfo.getInstance(key.getEncoded()).getPrivateKeyAlgorithm();
      var sec1 = new org.bouncycastle.asn1.sec.ECPrivateKey(256, ec.getS(), curve.getParameters());
      return block("EC PRIVATE KEY", sec1.getEncoded());
    }
    return pem(key); // RSA PRIVATE KEY
  }

  private static String block(String type, byte[] der) {
    String body =
        Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
    return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
  }

  static String pem(Object object) throws IOException {
    StringWriter out = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
      writer.writeObject(object);
    }
    return out.toString();
  }

  private static Path write(Path file, String text) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    return Files.writeString(file, text);
  }
}
