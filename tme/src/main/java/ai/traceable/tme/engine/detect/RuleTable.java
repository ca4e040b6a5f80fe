package ai.traceable.tme.engine.detect;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The rules one detector can report, in a fixed order. A detector declares its table in its static
 * initialiser, one rule per constant, and the order of declaration is the table's order (the order
 * in which rules files and {@code docs/rules.md} list them, and in which detectors that collect a
 * whole value first report it):
 *
 * <pre>{@code
 * private static final RuleTable.Builder RULES = RuleTable.builder(AttackClass.XXE);
 * static final DetectionRule EXTERNAL_ENTITY =
 *     RULES.add("xxe-100", Severity.CRITICAL, 1, "external entity declaration");
 * ...
 * static final RuleTable TABLE = RULES.build();
 * }</pre>
 *
 * <p>Building checks what the engine relies on: ids of the form {@code <class>-<three digits>},
 * unique within the table, descriptions on one line, and at most {@value #MAX_RULES} rules so that
 * a {@code long} bit set covers them. Immutable and thread-safe once built.
 */
public final class RuleTable {
  /** The most rules one table holds; detectors keep per-value bit sets of their rules. */
  public static final int MAX_RULES = 64;

  private final AttackClass attackClass;
  private final DetectionRule[] rules;
  private final List<DetectionRule> list;

  private RuleTable(AttackClass attackClass, DetectionRule[] rules) {
    this.attackClass = attackClass;
    this.rules = rules;
    this.list = List.of(rules);
  }

  /** Starts the table of a detector of {@code attackClass}. */
  public static Builder builder(AttackClass attackClass) {
    return new Builder(attackClass);
  }

  public AttackClass attackClass() {
    return attackClass;
  }

  /** The rules in declaration order. */
  public List<DetectionRule> rules() {
    return list;
  }

  public int size() {
    return rules.length;
  }

  public DetectionRule get(int index) {
    return rules[index];
  }

  /** The position of {@code rule} in this table (by identity), or -1 when it is not in it. */
  public int indexOf(DetectionRule rule) {
    for (int i = 0; i < rules.length; i++) {
      if (rules[i] == rule) {
        return i;
      }
    }
    return -1;
  }

  /** The bit of {@code rule} in a {@code long} set of this table's rules. */
  public long bit(DetectionRule rule) {
    int i = indexOf(rule);
    if (i < 0) {
      throw new IllegalArgumentException(rule.id() + " is not a rule of " + attackClass.key());
    }
    return 1L << i;
  }

  @Override
  public String toString() {
    return attackClass.key() + Arrays.stream(rules).map(DetectionRule::id).toList();
  }

  /** Collects a table's rules in order; used once, while the detector class initialises. */
  public static final class Builder {
    private final AttackClass attackClass;
    private final Pattern idShape;
    private final List<DetectionRule> rules = new ArrayList<>();
    private final Set<String> ids = new HashSet<>();
    private boolean built;

    private Builder(AttackClass attackClass) {
      this.attackClass = attackClass;
      this.idShape = Pattern.compile(Pattern.quote(attackClass.key()) + "-\\d{3}");
    }

    /** Declares the next rule and returns it, for the detector's constant. */
    public DetectionRule add(String id, Severity severity, int paranoia, String description) {
      if (built) {
        throw new IllegalStateException("table of " + attackClass.key() + " already built");
      }
      if (!idShape.matcher(id).matches()) {
        throw new IllegalArgumentException("rule id must read " + idShape + ": " + id);
      }
      if (!ids.add(id)) {
        throw new IllegalArgumentException("duplicate rule id " + id);
      }
      if (description == null || description.isBlank() || description.indexOf('\n') >= 0) {
        throw new IllegalArgumentException("rule " + id + " needs a one-line description");
      }
      if (rules.size() == MAX_RULES) {
        throw new IllegalArgumentException("more than " + MAX_RULES + " rules: " + id);
      }
      DetectionRule rule = new DetectionRule(id, attackClass, severity, paranoia, description);
      rules.add(rule);
      return rule;
    }

    public RuleTable build() {
      if (rules.isEmpty()) {
        throw new IllegalStateException("table of " + attackClass.key() + " has no rules");
      }
      built = true;
      return new RuleTable(attackClass, rules.toArray(new DetectionRule[0]));
    }
  }
}
