package ai.traceable.tme;

import static java.nio.charset.StandardCharsets.UTF_8;

import ai.traceable.tme.cli.CheckCommand;
import ai.traceable.tme.cli.InjectorCommand;
import ai.traceable.tme.cli.ServeCommand;
import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.util.Arrays;

/**
 * Entry point of {@code java -jar tme.jar}: picks the command from the first argument, and the
 * command does the rest (see {@link ai.traceable.tme.cli}).
 *
 * <ul>
 *   <li>{@code check ...}: {@link CheckCommand}, offline evaluation of requests against rules;
 *       exits with its status (0, 1 or 2).
 *   <li>{@code injector}: {@link InjectorCommand}, the sidecar injector webhook; exits 1 or 2 when
 *       it cannot start, otherwise serves until SIGTERM.
 *   <li>anything else, including no arguments: {@link ServeCommand}, the ext_authz service (other
 *       arguments are ignored); exits 0 after SIGTERM/SIGINT, 1 when a port cannot be bound, 2 for
 *       invalid configuration or rules.
 * </ul>
 */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    String command = args.length == 0 ? "" : args[0];
    String[] rest = args.length == 0 ? args : Arrays.copyOfRange(args, 1, args.length);
    switch (command) {
      case "check" -> {
        // UTF-8 output whatever the locale, like the input it reads
        PrintStream out = utf8(FileDescriptor.out);
        PrintStream err = utf8(FileDescriptor.err);
        int code = CheckCommand.run(rest, System.in, out, err);
        out.flush();
        err.flush();
        System.exit(code);
      }
      case "injector" -> {
        int code = InjectorCommand.run(rest);
        if (code != 0) {
          System.exit(code);
        }
      }
      default -> ServeCommand.run();
    }
  }

  private static PrintStream utf8(FileDescriptor fd) {
    return new PrintStream(new BufferedOutputStream(new FileOutputStream(fd)), true, UTF_8);
  }
}
