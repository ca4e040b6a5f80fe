package ai.traceable.tme.conformance;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Hands environment variables to a child process as their exact UTF-8 bytes, whatever the locale of
 * this JVM. Java 17's ProcessBuilder encodes variables with the locale's charset ({@code
 * sun.jnu.encoding}), so under {@code LC_ALL=C} a non-ASCII value would reach the child with its
 * characters replaced by '?'. Such values are instead written into a {@code /bin/sh} script as
 * octal escapes, which the shell's printf turns back into the bytes before it execs the command.
 */
final class Utf8Environment {
  private Utf8Environment() {}

  /** Sets {@code env} on {@code builder} and makes {@code command} its command. */
  static void apply(ProcessBuilder builder, List<String> command, Map<String, String> env) {
    StringBuilder script = new StringBuilder();
    env.forEach(
        (name, value) -> {
          if (value.chars().allMatch(c -> c < 0x80)) {
            builder.environment().put(name, value);
          } else {
            builder.environment().remove(name);
            script.append(export(name, value));
          }
        });
    if (script.length() == 0) {
      builder.command(command);
      return;
    }
    List<String> viaShell = new ArrayList<>(List.of("/bin/sh", "-c", script + "exec \"$@\"", "sh"));
    viaShell.addAll(command);
    builder.command(viaShell);
  }

  /**
   * A shell line that exports {@code name} with {@code value}'s UTF-8 bytes. The trailing 'x' keeps
   * the command substitution from dropping trailing newlines of the value.
   */
  private static String export(String name, String value) {
    if (!name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
      throw new IllegalArgumentException("not a shell variable name: " + name);
    }
    StringBuilder octal = new StringBuilder();
    for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
      octal.append(String.format(Locale.ROOT, "\\%03o", b & 0xff));
    }
    return "v=\"$(printf '" + octal + "x')\"; export " + name + "=\"${v%x}\"; ";
  }
}
