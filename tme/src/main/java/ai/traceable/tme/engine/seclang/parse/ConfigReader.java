package ai.traceable.tme.engine.seclang.parse;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits a configuration file into logical lines the way Apache httpd reads its configuration,
 * which is what ModSecurity rule files are written for: trailing whitespace is dropped, a line that
 * then ends in a backslash continues on the next physical line (the backslash removed, the next
 * line appended as it is), and blank lines and lines whose first non-blank character is {@code #}
 * are skipped. A comment that ends in a backslash continues too, as in httpd.
 */
final class ConfigReader {

  private ConfigReader() {}

  static List<SourceLine> read(Path file, String content) {
    List<SourceLine> lines = new ArrayList<>();
    String[] physical = content.split("\n", -1);
    StringBuilder joined = new StringBuilder();
    int start = -1;
    for (int i = 0; i < physical.length; i++) {
      String line = stripTrailing(physical[i]);
      if (start < 0) {
        start = i + 1;
      }
      if (line.endsWith("\\")) {
        joined.append(line, 0, line.length() - 1);
        continue;
      }
      joined.append(line);
      String text = joined.toString();
      String trimmed = text.strip();
      if (!trimmed.isEmpty() && trimmed.charAt(0) != '#') {
        lines.add(new SourceLine(file, start, trimmed));
      }
      joined.setLength(0);
      start = -1;
    }
    if (joined.length() > 0) {
      String trimmed = joined.toString().strip();
      if (!trimmed.isEmpty() && trimmed.charAt(0) != '#') {
        lines.add(new SourceLine(file, start, trimmed));
      }
    }
    return lines;
  }

  private static String stripTrailing(String line) {
    int end = line.length();
    while (end > 0 && Character.isWhitespace(line.charAt(end - 1))) {
      end--;
    }
    return line.substring(0, end);
  }
}
