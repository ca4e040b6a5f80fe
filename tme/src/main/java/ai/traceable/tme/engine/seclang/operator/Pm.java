package ai.traceable.tme.engine.seclang.operator;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code @pm} and {@code @pmFromFile} ({@code @pmf}): true when the value contains any of a set of
 * phrases, ignoring ASCII case, in one Aho-Corasick pass. With {@code capture}, {@code TX.0} is the
 * matched text.
 *
 * <p>{@code @pm} phrases are separated by whitespace; as in ModSecurity the argument may be wrapped
 * in double quotes, may hold bytes as hex between pipes ({@code |0d 0a|}) and may escape {@code \\:
 * \\; \\\\ \\"}. {@code @pmFromFile} names one or more files (separated by spaces, relative to the
 * rule file); each line is a phrase, trimmed, with empty lines and lines starting with {@code #}
 * skipped. Files are read once, when the rule is compiled.
 */
final class Pm implements Prefiltered {
  private final List<String> phrases;
  private final PhraseMatcher matcher;

  private Pm(List<String> phrases) {
    this.phrases = List.copyOf(phrases);
    this.matcher = PhraseMatcher.of(phrases);
  }

  static Pm ofArgument(String argument) {
    List<String> phrases = new ArrayList<>();
    for (String phrase : PmContent.decode(argument).split("[ \t\n\u000b\f\r]+")) {
      if (!phrase.isEmpty()) {
        phrases.add(phrase);
      }
    }
    if (phrases.isEmpty()) {
      throw new IllegalArgumentException("@pm needs at least one phrase");
    }
    return new Pm(phrases);
  }

  static Pm ofFiles(String argument, OperatorResources resources) {
    List<String> phrases = new ArrayList<>();
    for (String name : argument.trim().split("\\s+")) {
      if (name.isEmpty()) {
        continue;
      }
      try {
        for (String line : resources.lines(name)) {
          String phrase = line.strip();
          if (!phrase.isEmpty() && phrase.charAt(0) != '#') {
            phrases.add(phrase);
          }
        }
      } catch (IOException e) {
        throw new IllegalArgumentException("cannot read " + name + ": " + e.getMessage(), e);
      }
    }
    return new Pm(phrases);
  }

  List<String> phrases() {
    return phrases;
  }

  @Override
  public List<String> requiredLiterals() {
    return matcher.isEmpty() ? List.of() : phrases.stream().map(PhraseMatcher::foldAscii).toList();
  }

  @Override
  public boolean matches(String value, MatchContext ctx) {
    if (ctx != null && ctx.capturing()) {
      String match = matcher.firstMatch(value);
      if (match == null) {
        return false;
      }
      ctx.capture(0, match);
      return true;
    }
    return matcher.containsAny(value);
  }

  @Override
  public boolean matchesPrefiltered(String value, MatchContext ctx) {
    return matches(value, ctx);
  }
}
