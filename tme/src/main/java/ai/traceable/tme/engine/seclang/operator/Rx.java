package ai.traceable.tme.engine.seclang.operator;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code @rx}: a regular expression found anywhere in the value, with ModSecurity's byte semantics
 * and RE2's linear-time matching (see {@link ByteRegex}). With the {@code capture} action the match
 * and its first nine groups become {@code TX.0..TX.9}.
 *
 * <p>An argument with macros is expanded and compiled per evaluation, as ModSecurity does; the
 * compiled forms of recent expansions are kept (a bounded cache) so a stable macro value compiles
 * once. A macro expansion that does not compile makes the operator not match.
 */
final class Rx implements Prefiltered {
  private static final int MAX_CACHED = 64;

  private final String argument;
  private final ByteRegex regex;
  private final Map<String, ByteRegex> expanded;

  Rx(String argument) {
    this.argument = argument;
    if (Operators.hasMacros(argument)) {
      this.regex = null;
      this.expanded = new ConcurrentHashMap<>();
    } else {
      this.regex = ByteRegex.compile(argument);
      this.expanded = null;
    }
  }

  /** The compiled expression, null when the argument holds macros. */
  ByteRegex regex() {
    return regex;
  }

  @Override
  public List<String> requiredLiterals() {
    return regex == null ? List.of() : regex.literals();
  }

  @Override
  public boolean matches(String value, MatchContext ctx) {
    ByteRegex re = regex != null ? regex : expand(ctx);
    return re != null && re.admits(value) && run(re, value, ctx);
  }

  @Override
  public boolean matchesPrefiltered(String value, MatchContext ctx) {
    ByteRegex re = regex != null ? regex : expand(ctx);
    return re != null && run(re, value, ctx);
  }

  private static boolean run(ByteRegex re, String value, MatchContext ctx) {
    return ctx != null && ctx.capturing() ? re.findCapturing(value, ctx) : re.find(value);
  }

  private ByteRegex expand(MatchContext ctx) {
    String source = ctx.expand(argument);
    ByteRegex re = expanded.get(source);
    if (re == null) {
      try {
        re = ByteRegex.compile(source);
      } catch (IllegalArgumentException e) {
        return null;
      }
      if (expanded.size() >= MAX_CACHED) {
        expanded.clear();
      }
      expanded.put(source, re);
    }
    return re;
  }
}
