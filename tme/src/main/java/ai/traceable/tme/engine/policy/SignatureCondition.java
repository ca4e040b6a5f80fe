package ai.traceable.tme.engine.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A compiled signature condition: one test, or an {@code all}/{@code any} group of conditions.
 * Immutable and thread-safe.
 */
sealed interface SignatureCondition {

  boolean test(PolicyRequest request);

  /**
   * Evaluation order within an {@code all} group (lower first; the result does not depend on it):
   * cheap targets before expensive ones, and positive tests, which usually fail and so end the
   * group, before negated ones, which usually pass.
   */
  int rank();

  /** Sorted by {@link #rank()}; the sort is stable, so equal ranks keep the file's order. */
  private static List<SignatureCondition> byRank(List<SignatureCondition> conditions) {
    List<SignatureCondition> sorted = new ArrayList<>(conditions);
    sorted.sort(java.util.Comparator.comparingInt(SignatureCondition::rank));
    return sorted;
  }

  /** The operators a test may use. */
  enum Operator {
    EQUALS,
    NOT_EQUAL,
    CONTAINS,
    NOT_CONTAIN,
    MATCHES_REGEX,
    NOT_MATCH_REGEX,
    GREATER_THAN,
    LESS_THAN;

    boolean negated() {
      return this == NOT_EQUAL || this == NOT_CONTAIN || this == NOT_MATCH_REGEX;
    }
  }

  /**
   * A test on text values: passes when any value matches, or for a negated operator, when none does
   * (so {@code NOT_EQUAL} on a missing header passes).
   */
  record TextTest(SignatureTarget target, String name, StringMatcher matcher, boolean negated)
      implements SignatureCondition {
    @Override
    public boolean test(PolicyRequest request) {
      return target.anyValue(request, name, matcher) != negated;
    }

    @Override
    public int rank() {
      return target.cost(name != null) + (negated ? 4 : 0);
    }
  }

  record NumberTest(SignatureTarget target, Operator operator, long value)
      implements SignatureCondition {
    @Override
    public boolean test(PolicyRequest request) {
      long n = target.number(request);
      return switch (operator) {
        case EQUALS -> n == value;
        case NOT_EQUAL -> n != value;
        case GREATER_THAN -> n > value;
        case LESS_THAN -> n < value;
        default -> throw new IllegalStateException(operator + " is not numeric");
      };
    }

    @Override
    public int rank() {
      return target.cost(false) + (operator == Operator.NOT_EQUAL ? 4 : 0);
    }
  }

  record All(List<SignatureCondition> conditions) implements SignatureCondition {
    public All {
      conditions = List.copyOf(byRank(conditions));
    }

    @Override
    public int rank() {
      return 8;
    }

    @Override
    public boolean test(PolicyRequest request) {
      for (SignatureCondition c : conditions) {
        if (!c.test(request)) {
          return false;
        }
      }
      return true;
    }
  }

  record Any(List<SignatureCondition> conditions) implements SignatureCondition {
    public Any {
      conditions = List.copyOf(conditions);
    }

    @Override
    public int rank() {
      return 8;
    }

    @Override
    public boolean test(PolicyRequest request) {
      for (SignatureCondition c : conditions) {
        if (c.test(request)) {
          return true;
        }
      }
      return false;
    }
  }

  /** Compiles {@code when}: its conditions must all hold. */
  static SignatureCondition compileAll(List<RulesFileModel.Clause> clauses, String where) {
    if (clauses == null || clauses.isEmpty()) {
      throw new IllegalArgumentException(where + ": 'when' needs at least one condition");
    }
    List<SignatureCondition> out = new ArrayList<>();
    for (RulesFileModel.Clause c : clauses) {
      out.add(compile(c, where));
    }
    return out.size() == 1 ? out.get(0) : new All(out);
  }

  private static SignatureCondition compile(RulesFileModel.Clause c, String where) {
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
        out.add(compile(m, where));
      }
      return c.all() != null ? new All(out) : new Any(out);
    }
    return compileTest(c, where);
  }

  private static SignatureCondition compileTest(RulesFileModel.Clause c, String where) {
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
    return new TextTest(target, name, StringMatcher.compile(condition, at), op.negated());
  }

  private static RulesFileModel.Condition condition(
      String equals, String contains, String regex, boolean ignoreCase) {
    return new RulesFileModel.Condition(
        equals, null, null, contains, null, regex, null, ignoreCase);
  }
}
