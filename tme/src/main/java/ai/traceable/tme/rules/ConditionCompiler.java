package ai.traceable.tme.rules;

import ai.traceable.tme.engine.policy.PolicyAction;
import ai.traceable.tme.engine.policy.signatures.RegexLiteral;
import ai.traceable.tme.engine.policy.signatures.Signature;
import ai.traceable.tme.engine.policy.signatures.SignatureCondition;
import ai.traceable.tme.engine.policy.signatures.SignatureCondition.All;
import ai.traceable.tme.engine.policy.signatures.SignatureCondition.Any;
import ai.traceable.tme.engine.policy.signatures.SignatureCondition.NumberTest;
import ai.traceable.tme.engine.policy.signatures.SignatureCondition.Operator;
import ai.traceable.tme.engine.policy.signatures.SignatureCondition.TextTest;
import ai.traceable.tme.engine.policy.signatures.SignatureTarget;
import ai.traceable.tme.engine.policy.signatures.StringMatcher;
import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Compiles the conditions of a rules file: the string tests of custom rules ({@code when: {path:
 * {prefix: ...}}}) and the condition trees of signatures. Every problem is an {@link
 * IllegalArgumentException} naming the entry. Stateless.
 */
final class ConditionCompiler {
  private ConditionCompiler() {}

  /** Builds a matcher from exactly one operator of a rules-file condition. */
  static StringMatcher matcher(RulesFileModel.Condition c, String where) {
    return matcher(c, where, false);
  }

  /**
   * Builds a matcher; with {@code forceIgnoreCase} the comparison ignores case whatever the
   * condition says (HTTP methods are matched that way).
   */
  static StringMatcher matcher(RulesFileModel.Condition c, String where, boolean forceIgnoreCase) {
    if (c == null) {
      throw new IllegalArgumentException(
          where
              + ": the condition is empty; give one of equals, prefix, suffix, contains, regex, in");
    }
    int operators =
        (c.equals() != null ? 1 : 0)
            + (c.prefix() != null ? 1 : 0)
            + (c.suffix() != null ? 1 : 0)
            + (c.contains() != null ? 1 : 0)
            + (c.regex() != null ? 1 : 0)
            + (c.in() != null ? 1 : 0)
            + (c.containsAny() != null ? 1 : 0);
    if (operators != 1) {
      throw new IllegalArgumentException(
          where
              + ": a condition needs exactly one of equals, prefix, suffix, contains, containsAny,"
              + " regex, in");
    }
    boolean ci = forceIgnoreCase || Boolean.TRUE.equals(c.ignoreCase());
    if (c.equals() != null) {
      return new StringMatcher.Equals(fold(c.equals(), ci), ci);
    }
    if (c.prefix() != null) {
      return new StringMatcher.Prefix(fold(c.prefix(), ci), ci);
    }
    if (c.suffix() != null) {
      return new StringMatcher.Suffix(fold(c.suffix(), ci), ci);
    }
    if (c.contains() != null) {
      return new StringMatcher.Contains(fold(c.contains(), ci), ci);
    }
    if (c.containsAny() != null) {
      return StringMatcher.ContainsAny.of(c.containsAny(), ci, where);
    }
    if (c.in() != null) {
      if (c.in().isEmpty()) {
        throw new IllegalArgumentException(where + ": 'in' needs at least one value");
      }
      if (c.in().contains(null)) {
        throw new IllegalArgumentException(where + ": 'in' holds an empty (null) value");
      }
      return new StringMatcher.In(
          c.in().stream().map(v -> fold(v, ci)).collect(Collectors.toSet()), ci);
    }
    try {
      return new StringMatcher.Regex(
          Pattern.compile(c.regex(), ci ? Pattern.CASE_INSENSITIVE : 0),
          RegexLiteral.of(c.regex(), ci));
    } catch (PatternSyntaxException e) {
      throw new IllegalArgumentException(where + ": invalid regex: " + e.getMessage(), e);
    }
  }

  private static String fold(String s, boolean ignoreCase) {
    return ignoreCase ? s.toLowerCase(Locale.ROOT) : s;
  }

  static Signature signature(RulesFileModel.Signature s, String id) {
    String where = "signature '" + id + "'";
    PolicyAction action = PolicyCompiler.action(s.action(), PolicyAction.FOR_SIGNATURES, where);
    return new Signature(id, action, conditions(s.when(), where));
  }

  /** Compiles {@code when}: its conditions must all hold. */
  static SignatureCondition conditions(List<RulesFileModel.Clause> clauses, String where) {
    if (clauses == null || clauses.isEmpty()) {
      throw new IllegalArgumentException(where + ": 'when' needs at least one condition");
    }
    List<SignatureCondition> out = new ArrayList<>();
    for (RulesFileModel.Clause c : clauses) {
      out.add(condition(c, where));
    }
    return out.size() == 1 ? out.get(0) : new All(out);
  }

  private static SignatureCondition condition(RulesFileModel.Clause c, String where) {
    if (c == null) {
      throw new IllegalArgumentException(where + ": 'when' holds an empty condition");
    }
    int kinds =
        (c.target() != null ? 1 : 0) + (c.all() != null ? 1 : 0) + (c.any() != null ? 1 : 0);
    if (kinds != 1) {
      throw new IllegalArgumentException(
          where + ": a condition is exactly one of a test (target), 'all' or 'any'");
    }
    if (c.all() != null || c.any() != null) {
      if (c.name() != null || c.operator() != null || c.value() != null || c.ignoreCase() != null) {
        throw new IllegalArgumentException(
            where + ": an 'all'/'any' group takes no name, operator, value or ignoreCase");
      }
      List<RulesFileModel.Clause> members = c.all() != null ? c.all() : c.any();
      if (members.isEmpty()) {
        throw new IllegalArgumentException(where + ": an 'all'/'any' group needs conditions");
      }
      List<SignatureCondition> out = new ArrayList<>();
      for (RulesFileModel.Clause m : members) {
        out.add(condition(m, where));
      }
      return c.all() != null ? new All(out) : new Any(out);
    }
    return test(c, where);
  }

  private static SignatureCondition test(RulesFileModel.Clause c, String where) {
    SignatureTarget target = PolicyNames.parse(SignatureTarget.class, "target", c.target(), where);
    String at = where + " " + target.name();
    Operator op = PolicyNames.parse(Operator.class, "operator", c.operator(), at);
    if (c.value() == null) {
      throw new IllegalArgumentException(at + ": 'value' is required");
    }
    if (c.name() != null && !target.named()) {
      throw new IllegalArgumentException(
          at + ": 'name' applies only to HEADER_VALUE, PARAMETER_VALUE and COOKIE_VALUE");
    }
    if (target.numeric()) {
      if (op != Operator.EQUALS
          && op != Operator.NOT_EQUAL
          && op != Operator.GREATER_THAN
          && op != Operator.LESS_THAN) {
        throw new IllegalArgumentException(
            at + ": a number takes EQUALS, NOT_EQUAL, GREATER_THAN or LESS_THAN, not " + op);
      }
      try {
        return new NumberTest(target, op, Long.parseLong(c.value().strip()));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(at + ": '" + c.value() + "' is not a whole number", e);
      }
    }
    if (op == Operator.GREATER_THAN || op == Operator.LESS_THAN) {
      throw new IllegalArgumentException(
          at + ": " + op + " applies only to BODY_SIZE and the *_COUNT targets");
    }
    boolean ignoreCase =
        target == SignatureTarget.HTTP_METHOD || Boolean.TRUE.equals(c.ignoreCase());
    RulesFileModel.Condition condition =
        switch (op) {
          case EQUALS, NOT_EQUAL -> condition(c.value(), null, null, ignoreCase);
          case CONTAINS, NOT_CONTAIN -> condition(null, c.value(), null, ignoreCase);
          default -> condition(null, null, c.value(), ignoreCase);
        };
    String name =
        c.name() == null
            ? null
            : target == SignatureTarget.HEADER_VALUE ? c.name().toLowerCase(Locale.ROOT) : c.name();
    return new TextTest(target, name, matcher(condition, at), op.negated());
  }

  private static RulesFileModel.Condition condition(
      String equals, String contains, String regex, boolean ignoreCase) {
    return new RulesFileModel.Condition(
        equals, null, null, contains, null, regex, null, ignoreCase);
  }
}
