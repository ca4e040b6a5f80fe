package ai.traceable.tme.engine.policy.signatures;

import com.google.re2j.Pattern;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;
import org.ahocorasick.trie.Trie;

/**
 * A compiled test on one string value. Immutable and thread-safe.
 *
 * <p>Regular expressions use RE2/J, whose matching time is linear in the input: a rule written
 * against attacker-controlled values cannot be turned into a denial of service by backtracking.
 */
public sealed interface StringMatcher extends Predicate<String> {

  boolean matches(String value);

  @Override
  default boolean test(String value) {
    return matches(value);
  }

  /**
   * Literals one of which every matching value contains (as written; the comparison may ignore
   * case), or an empty list when no such set is known. Signature sets use them to skip signatures
   * whose literals a request lacks.
   */
  List<String> literals();

  record Equals(String expected, boolean ignoreCase) implements StringMatcher {
    @Override
    public List<String> literals() {
      return List.of(expected);
    }

    @Override
    public boolean matches(String value) {
      return ignoreCase ? expected.equalsIgnoreCase(value) : expected.equals(value);
    }
  }

  record Prefix(String prefix, boolean ignoreCase) implements StringMatcher {
    @Override
    public List<String> literals() {
      return List.of(prefix);
    }

    @Override
    public boolean matches(String value) {
      return value.regionMatches(ignoreCase, 0, prefix, 0, prefix.length());
    }
  }

  record Suffix(String suffix, boolean ignoreCase) implements StringMatcher {
    @Override
    public List<String> literals() {
      return List.of(suffix);
    }

    @Override
    public boolean matches(String value) {
      int from = value.length() - suffix.length();
      return from >= 0 && value.regionMatches(ignoreCase, from, suffix, 0, suffix.length());
    }
  }

  record Contains(String needle, boolean ignoreCase) implements StringMatcher {
    @Override
    public List<String> literals() {
      return List.of(needle);
    }

    @Override
    public boolean matches(String value) {
      return (ignoreCase ? value.toLowerCase(Locale.ROOT) : value).contains(needle);
    }
  }

  /**
   * True when the value contains any of the needles: one pass over the value (Aho-Corasick), in
   * time linear in the value whatever the number of needles.
   */
  record ContainsAny(Trie trie, List<String> needles) implements StringMatcher {
    public static ContainsAny of(List<String> needles, boolean ignoreCase, String where) {
      if (needles.isEmpty()) {
        throw new IllegalArgumentException(where + ": 'containsAny' needs at least one value");
      }
      for (String n : needles) {
        if (n == null || n.isEmpty()) {
          throw new IllegalArgumentException(where + ": 'containsAny' holds an empty value");
        }
      }
      Trie.TrieBuilder builder = Trie.builder().stopOnHit();
      if (ignoreCase) {
        builder.ignoreCase();
      }
      return new ContainsAny(builder.addKeywords(needles).build(), List.copyOf(needles));
    }

    @Override
    public List<String> literals() {
      return needles;
    }

    @Override
    public boolean matches(String value) {
      return trie.containsMatch(value);
    }
  }

  record In(Set<String> values, boolean ignoreCase) implements StringMatcher {
    public In {
      values = Set.copyOf(values);
    }

    @Override
    public List<String> literals() {
      return List.copyOf(values);
    }

    @Override
    public boolean matches(String value) {
      return values.contains(ignoreCase ? value.toLowerCase(Locale.ROOT) : value);
    }
  }

  /**
   * @param required a literal every match contains, checked first because a substring search is far
   *     cheaper than RE2/J; null when the pattern has none that is known
   */
  record Regex(Pattern pattern, RegexLiteral.Required required) implements StringMatcher {
    @Override
    public List<String> literals() {
      return required == null ? List.of() : List.of(required.literal());
    }

    @Override
    public boolean matches(String value) {
      if (required != null && !required.foundIn(value)) {
        return false;
      }
      return pattern.matcher(value).find();
    }
  }

  /** True when any of the values matches. */
  default boolean matchesAny(List<String> values) {
    for (String v : values) {
      if (matches(v)) {
        return true;
      }
    }
    return false;
  }
}
