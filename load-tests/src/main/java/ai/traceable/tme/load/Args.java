package ai.traceable.tme.load;

import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Command-line options of the form {@code --name value}, {@code --name=value} or a bare {@code
 * --flag}. Immutable once parsed; every problem is an {@link IllegalArgumentException} with a
 * message fit for the user.
 */
final class Args {
  private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m|h)?");

  private final Map<String, String> values;

  private Args(Map<String, String> values) {
    this.values = Map.copyOf(values);
  }

  /**
   * @param options names that take a value
   * @param flags names that take none
   */
  static Args parse(String[] args, Set<String> options, Set<String> flags) {
    Map<String, String> values = new HashMap<>();
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (!arg.startsWith("--")) {
        throw new IllegalArgumentException("unexpected argument '" + arg + "'");
      }
      String name = arg.substring(2);
      String value = null;
      int eq = name.indexOf('=');
      if (eq >= 0) {
        value = name.substring(eq + 1);
        name = name.substring(0, eq);
      }
      if (flags.contains(name) && value == null) {
        values.put(name, "true");
      } else if (options.contains(name)) {
        if (value == null) {
          if (i + 1 >= args.length) {
            throw new IllegalArgumentException("--" + name + " needs a value");
          }
          value = args[++i];
        }
        values.put(name, value);
      } else {
        Set<String> known = new TreeSet<>(options);
        known.addAll(flags);
        throw new IllegalArgumentException("unknown option --" + name + "; known: " + known);
      }
    }
    return new Args(values);
  }

  boolean flag(String name) {
    return values.containsKey(name);
  }

  String string(String name, String fallback) {
    return values.getOrDefault(name, fallback);
  }

  int integer(String name, int fallback) {
    String value = values.get(name);
    if (value == null) {
      return fallback;
    }
    try {
      return Integer.parseInt(value.replace("_", ""));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--" + name + " must be an integer, was '" + value + "'");
    }
  }

  double number(String name, double fallback) {
    String value = values.get(name);
    if (value == null) {
      return fallback;
    }
    try {
      return Double.parseDouble(value.replace("_", ""));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--" + name + " must be a number, was '" + value + "'");
    }
  }

  Duration duration(String name, Duration fallback) {
    String value = values.get(name);
    return value == null ? fallback : parseDuration(name, value);
  }

  /** {@code 500ms}, {@code 15s}, {@code 2m}, {@code 1h}; a bare number means seconds. */
  static Duration parseDuration(String name, String value) {
    Matcher m = DURATION.matcher(value.trim().toLowerCase(Locale.ROOT));
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "--" + name + " must be a duration like 500ms, 15s or 2m, was '" + value + "'");
    }
    double amount = Double.parseDouble(m.group(1));
    String unit = m.group(2) == null ? "s" : m.group(2);
    double millis =
        switch (unit) {
          case "ms" -> amount;
          case "s" -> amount * 1_000;
          case "m" -> amount * 60_000;
          default -> amount * 3_600_000;
        };
    return Duration.ofMillis(Math.round(millis));
  }
}
