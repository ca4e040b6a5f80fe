package ai.traceable.tme.injector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PemTlsTest {
  @TempDir Path dir;

  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void readsRsaKeysInPkcs1AsHelmWritesThemAndInPkcs8(boolean pkcs1) throws Exception {
    TestCertificates files = TestCertificates.write(dir, pkcs1);
    assertThat(Files.readString(files.keyFile()))
        .startsWith(pkcs1 ? "-----BEGIN RSA PRIVATE KEY-----" : "-----BEGIN PRIVATE KEY-----");

    assertThat(PemTls.serverContext(files.certFile(), files.keyFile()).createSSLEngine())
        .isNotNull();
  }

  @Test
  void refusesAFileWithoutAKeyNamingIt() throws Exception {
    TestCertificates files = TestCertificates.write(dir, true);
    Files.writeString(files.keyFile(), "not a key\n");

    assertThatThrownBy(() -> PemTls.serverContext(files.certFile(), files.keyFile()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(files.keyFile().toString());
  }

  @Test
  void refusesAMissingCertificateFile() {
    assertThatThrownBy(() -> PemTls.serverContext(dir.resolve("tls.crt"), dir.resolve("tls.key")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("tls.crt");
  }
}
