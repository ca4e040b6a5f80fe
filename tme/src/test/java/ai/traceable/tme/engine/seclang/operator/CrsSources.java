package ai.traceable.tme.engine.seclang.operator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * The OWASP CRS rule files, for tests that check the operators and transformations against every
 * rule CRS ships. CRS is not part of tme: tests read it from the directory given by the system
 * property {@code tme.crs.dir}, by default {@code ../../shared/crs} from the module directory, and
 * are skipped (with the reason) when it is absent.
 *
 * <p>The extraction is line based and only as clever as these tests need: continuation lines are
 * joined, and the three quoted arguments of each {@code SecRule} are split honouring {@code \"}.
 */
public final class CrsSources {
  /** One {@code SecRule}: where it is, its operator (name without '@') and its action list. */
  public record Rule(String where, String operatorName, String argument, String actions) {}

  private CrsSources() {}

  /**
   * The rules directory, or a skipped test when CRS is not there. Without the property it is looked
   * for beside the repository, from the module directory (tests) or the repository root (JMH).
   */
  public static Path rulesDir() {
    String configured = System.getProperty("tme.crs.dir");
    Path dir = Path.of(configured != null ? configured : "../../shared/crs").resolve("rules");
    if (configured == null && !Files.isDirectory(dir)) {
      dir = Path.of("../shared/crs/rules");
    }
    Assumptions.assumeTrue(
        Files.isDirectory(dir),
        "OWASP CRS not found at " + dir.toAbsolutePath() + " (set -Dtme.crs.dir)");
    return dir;
  }

  /** Every {@code SecRule} in the {@code *.conf} files, in file order. */
  public static List<Rule> rules() {
    List<Rule> rules = new ArrayList<>();
    try (Stream<Path> files = Files.list(rulesDir())) {
      for (Path file : files.filter(f -> f.toString().endsWith(".conf")).sorted().toList()) {
        readRules(file, rules);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return rules;
  }

  private static void readRules(Path file, List<Rule> into) throws IOException {
    List<String> lines = Files.readAllLines(file, StandardCharsets.ISO_8859_1);
    StringBuilder joined = new StringBuilder();
    int start = 0;
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      if (joined.length() == 0) {
        start = i + 1;
      }
      if (line.endsWith("\\")) {
        joined.append(line, 0, line.length() - 1);
        continue;
      }
      joined.append(line);
      String directive = joined.toString().trim();
      joined.setLength(0);
      if (directive.startsWith("SecRule ")) {
        List<String> args = arguments(directive.substring("SecRule ".length()));
        if (args.size() >= 2) {
          String op = args.get(1);
          String where = file.getFileName() + ":" + start;
          into.add(operator(where, op, args.size() > 2 ? args.get(2) : ""));
        }
      }
    }
  }

  private static Rule operator(String where, String op, String actions) {
    String s = op.startsWith("!") ? op.substring(1) : op;
    if (!s.startsWith("@")) {
      return new Rule(where, "rx", s, actions);
    }
    int space = s.indexOf(' ');
    String name = space < 0 ? s.substring(1) : s.substring(1, space);
    String argument = space < 0 ? "" : s.substring(space + 1);
    return new Rule(where, name, argument, actions);
  }

  /** Splits on whitespace, keeping double-quoted arguments whole and turning \" into ". */
  static List<String> arguments(String s) {
    List<String> out = new ArrayList<>();
    int i = 0;
    while (i < s.length()) {
      while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
        i++;
      }
      if (i >= s.length()) {
        break;
      }
      StringBuilder arg = new StringBuilder();
      if (s.charAt(i) == '"') {
        i++;
        while (i < s.length() && s.charAt(i) != '"') {
          if (s.charAt(i) == '\\' && i + 1 < s.length() && s.charAt(i + 1) == '"') {
            i++;
          }
          arg.append(s.charAt(i++));
        }
        i++;
      } else {
        while (i < s.length() && !Character.isWhitespace(s.charAt(i))) {
          arg.append(s.charAt(i++));
        }
      }
      out.add(arg.toString());
    }
    return out;
  }
}
