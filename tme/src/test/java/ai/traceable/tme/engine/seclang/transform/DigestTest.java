package ai.traceable.tme.engine.seclang.transform;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@link Digest}: raw digest bytes, shown here through hexEncode (RFC 1321 and FIPS 180 vectors,
 * and byte strings above 0x7F, which must hash as single bytes, not as UTF-8).
 */
class DigestTest {

  @ParameterizedTest(name = "{0}({1})")
  @CsvSource({
    "md5, '', d41d8cd98f00b204e9800998ecf8427e",
    "md5, abc, 900150983cd24fb0d6963f7d28e17f72",
    "md5, \u00e9, 3406877694691ddd1dfb0aca54681407",
    "sha1, '', da39a3ee5e6b4b0d3255bfef95601890afd80709",
    "sha1, abc, a9993e364706816aba3e25717850c26c9cd0d89d",
    "sha1, \u00e9\u00ff, 4da4306c27229175c3bdf5418903ec27432c62b8",
  })
  void givesRawDigestBytes(String name, String input, String hex) {
    String digest = Transformations.byName(name).apply(input);
    assertThat(digest).hasSize(hex.length() / 2);
    assertThat(Transformations.byName("hexEncode").apply(digest)).isEqualTo(hex);
  }
}
