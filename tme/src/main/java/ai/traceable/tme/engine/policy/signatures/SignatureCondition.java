package ai.traceable.tme.engine.policy.signatures;

import ai.traceable.tme.engine.policy.PolicyRequest;
import java.util.ArrayList;
import java.util.List;

/**
 * A compiled signature condition: one test, or an {@code all}/{@code any} group of conditions.
 * Immutable and thread-safe.
 */
public sealed interface SignatureCondition {

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

    public boolean negated() {
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
}
