package ai.traceable.tme.config;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The process's environment variables with their values decoded as UTF-8.
 *
 * <p>Java 17 decodes the environment with the charset of the locale ({@code sun.jnu.encoding}).
 * Under {@code LC_ALL=C}, or in a container image without a UTF-8 locale, a non-ASCII value such as
 * a blocking message would arrive with its bytes replaced. Kubernetes and most shells pass UTF-8,
 * so where the JVM's charset is not UTF-8 and the kernel exposes the raw bytes ({@code
 * /proc/self/environ}, Linux), the values are decoded from those bytes instead. A variable whose
 * name is not ASCII or whose bytes are not valid UTF-8 keeps the JVM's decoding; elsewhere the
 * JVM's view is used unchanged. Stateless; the returned maps are immutable.
 */
final class Environment {
  private static final Path PROC_ENVIRON = Path.of("/proc/self/environ");

  private Environment() {}

  /** The environment of this process. */
  static Map<String, String> current() {
    Map<String, String> jvm = System.getenv();
    String jnu = System.getProperty("sun.jnu.encoding", "");
    if (isUtf8(jnu) || !Files.isReadable(PROC_ENVIRON)) {
      return jvm;
    }
    try {
      return decode(Files.readAllBytes(PROC_ENVIRON), jvm);
    } catch (IOException e) {
      return jvm;
    }
  }

  /**
   * The variables of {@code environ} (NUL-separated {@code NAME=value} entries, as in {@code
   * /proc/self/environ}) on top of {@code jvm}, the JVM's decoding of the same environment.
   */
  static Map<String, String> decode(byte[] environ, Map<String, String> jvm) {
    Map<String, String> env = new LinkedHashMap<>(jvm);
    int start = 0;
    for (int i = 0; i <= environ.length; i++) {
      if (i == environ.length || environ[i] == 0) {
        putEntry(environ, start, i, env);
        start = i + 1;
      }
    }
    return Collections.unmodifiableMap(env);
  }

  private static void putEntry(byte[] environ, int from, int to, Map<String, String> env) {
    int eq = -1;
    for (int i = from; i < to; i++) {
      byte b = environ[i];
      if (b == '=') {
        eq = i;
        break;
      }
      if (b < 0x20 || b > 0x7e) {
        return; // a name that is not printable ASCII: the JVM's key could not be matched
      }
    }
    if (eq <= from) {
      return;
    }
    String name = new String(environ, from, eq - from, StandardCharsets.US_ASCII);
    try {
      String value =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(environ, eq + 1, to - eq - 1))
              .toString();
      env.put(name, value);
    } catch (CharacterCodingException notUtf8) {
      // keep the JVM's decoding of this value
    }
  }

  private static boolean isUtf8(String charset) {
    String c = charset.replace("-", "").replace("_", "");
    return c.equalsIgnoreCase("UTF8");
  }
}
