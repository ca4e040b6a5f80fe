package ai.traceable.tme.engine.seclang.model;

import com.google.re2j.Pattern;
import java.util.Locale;

/**
 * Which entries of a collection a variable names: one key ({@code ARGS:id}), the keys a regular
 * expression finds ({@code ARGS:/^id_/}), or an XPath expression for {@code XML}. Keys compare
 * case-insensitively, as in ModSecurity 2, so an exclusion cannot be sidestepped by changing the
 * case of a parameter name. Key patterns run on attacker-chosen names and so use a linear-time
 * engine.
 */
public sealed interface Selector {

  /** Whether the entry called {@code key} is selected. */
  boolean matches(String key);

  /** The selector as written in a rule. */
  String source();

  /** A literal key. */
  record Key(String source, String lower) implements Selector {
    public Key(String source) {
      this(source, source.toLowerCase(Locale.ROOT));
    }

    @Override
    public boolean matches(String key) {
      return key.equalsIgnoreCase(source);
    }
  }

  /** A regular expression over keys, written {@code /.../}. */
  record KeyPattern(String source, Pattern pattern) implements Selector {
    public KeyPattern(String source) {
      this(source, Pattern.compile(source, Pattern.CASE_INSENSITIVE | Pattern.DOTALL));
    }

    @Override
    public boolean matches(String key) {
      return pattern.matcher(key).find();
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof KeyPattern k && k.source.equals(source);
    }

    @Override
    public int hashCode() {
      return source.hashCode();
    }

    @Override
    public String toString() {
      return "/" + source + "/";
    }
  }

  /** An XPath expression selecting nodes of the parsed XML body. */
  record XPath(String source) implements Selector {
    @Override
    public boolean matches(String key) {
      return false;
    }
  }
}
