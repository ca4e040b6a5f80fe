package ai.traceable.tme.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Decoding the raw bytes of the environment, as the kernel hands them over, as UTF-8. */
class EnvironmentTest {
  /** NUL-separated entries, as in /proc/self/environ. */
  private static byte[] environ(byte[]... entries) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] entry : entries) {
      out.writeBytes(entry);
      out.write(0);
    }
    return out.toByteArray();
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void utf8ValuesReplaceWhatAnAsciiLocaleMadeOfThem() {
    // what Java 17 makes of these bytes under LC_ALL=C: every non-ASCII byte becomes U+FFFD
    Map<String, String> jvm =
        Map.of("TME_BLOCKING_MESSAGE", "Zugriff verweigert \uFFFD\uFFFD", "PATH", "/usr/bin");
    Map<String, String> env =
        Environment.decode(
            environ(utf8("TME_BLOCKING_MESSAGE=Zugriff verweigert ü"), utf8("PATH=/usr/bin")), jvm);
    assertThat(env)
        .containsEntry("TME_BLOCKING_MESSAGE", "Zugriff verweigert ü")
        .containsEntry("PATH", "/usr/bin")
        .hasSize(2);
  }

  @Test
  void valuesKeepEverythingAfterTheFirstEqualsSignAndMayBeEmpty() {
    Map<String, String> env =
        Environment.decode(environ(utf8("TME_CAPTURE_HEADERS=a=1,b=2"), utf8("EMPTY=")), Map.of());
    assertThat(env).containsEntry("TME_CAPTURE_HEADERS", "a=1,b=2").containsEntry("EMPTY", "");
  }

  @Test
  void bytesThatAreNotUtf8KeepTheJvmsDecoding() {
    byte[] latin1 = "GREETING=gr\u00fc\u00df".getBytes(StandardCharsets.ISO_8859_1);
    Map<String, String> env = Environment.decode(environ(latin1), Map.of("GREETING", "gr??"));
    assertThat(env).containsEntry("GREETING", "gr??");
  }

  @Test
  void entriesWithoutANameOrWithANonAsciiNameAreLeftToTheJvm() {
    Map<String, String> jvm = Map.of("KEEP", "jvm");
    Map<String, String> env =
        Environment.decode(
            environ(utf8("=odd"), utf8("no-equals-sign"), utf8("NÄME=x"), utf8("KEEP=raw")), jvm);
    assertThat(env).containsOnly(Map.entry("KEEP", "raw"));
  }

  @Test
  void variablesOnlyTheJvmKnowsStay() {
    Map<String, String> env = Environment.decode(new byte[0], Map.of("ONLY_JVM", "1"));
    assertThat(env).containsOnly(Map.entry("ONLY_JVM", "1"));
  }
}
