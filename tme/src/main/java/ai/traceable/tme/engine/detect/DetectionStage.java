package ai.traceable.tme.engine.detect;

import ai.traceable.tme.engine.Finding;
import ai.traceable.tme.engine.RuleAction;
import ai.traceable.tme.engine.inspect.InputExtractor;
import ai.traceable.tme.engine.inspect.Inputs;
import ai.traceable.tme.engine.inspect.Inspected;
import ai.traceable.tme.engine.inspect.Inspection;
import ai.traceable.tme.engine.inspect.RequestView;
import ai.traceable.tme.engine.inspect.TimeBudget;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The detection stage of evaluation: runs the detectors over every inspected value of a request and
 * scores what they find. Immutable and thread-safe: built once per rule set, shared by every
 * evaluation.
 *
 * <p>Scoring: each distinct rule that matched adds its severity's score once, whatever the number
 * of values it matched in. Rules in {@link RuleMode#BLOCK} count towards {@link Result#score()};
 * rules in {@link RuleMode#MONITOR} only towards {@link Result#shadowScore()}. Evaluation stops
 * early once the blocking score reaches the threshold, unless {@code complete} is asked for
 * (monitor mode, where every finding is wanted).
 */
public final class DetectionStage {
  /** Values inspected between two looks at the clock (a power of two). */
  private static final int BUDGET_STRIDE = 16;

  /** The detectors with at least one active rule, in order; resolved once per rule set. */
  private final Detector[] running;

  /** Which of {@link #running} may find something in a value, in one pass over it. */
  private final Gates gates;

  /** The running detectors that also judge the whole request, in order. */
  private final RequestDetector[] wholeRequest;

  private final DetectionSettings settings;
  private final InputExtractor extractor;
  private final Map<String, DetectionRule> rulesById;
  private final Set<String> active;
  private final CleanValues clean;

  public DetectionStage(List<Detector> detectors, DetectionSettings settings) {
    this(detectors, settings, 8192);
  }

  /**
   * @param cleanCacheSize slots of the cache of values found clean (see {@link CleanValues}); 0
   *     inspects every value every time (benchmarks use it to measure the detectors themselves)
   */
  public DetectionStage(List<Detector> detectors, DetectionSettings settings, int cleanCacheSize) {
    this.clean = cleanCacheSize > 0 ? new CleanValues(cleanCacheSize) : null;
    this.settings = settings;
    this.extractor = new InputExtractor(settings.limits());
    Map<String, DetectionRule> byId = new LinkedHashMap<>();
    Set<String> on = new HashSet<>();
    boolean[] classActive = new boolean[AttackClass.values().length];
    for (Detector d : detectors) {
      for (DetectionRule r : d.rules()) {
        if (byId.putIfAbsent(r.id(), r) != null) {
          throw new IllegalArgumentException("duplicate detection rule id " + r.id());
        }
        boolean explicit = settings.ruleModes().containsKey(r.id());
        if (settings.modeOf(r) != RuleMode.DISABLED
            && (r.paranoia() <= settings.paranoia() || explicit)) {
          on.add(r.id());
          classActive[r.attackClass().ordinal()] = true;
        }
      }
    }
    this.rulesById = byId;
    this.active = on;
    this.running =
        detectors.stream()
            .filter(d -> classActive[d.attackClass().ordinal()])
            .toArray(Detector[]::new);
    this.gates = new Gates(running);
    this.wholeRequest =
        Arrays.stream(running)
            .filter(RequestDetector.class::isInstance)
            .map(RequestDetector.class::cast)
            .toArray(RequestDetector[]::new);
    for (String id : settings.ruleModes().keySet()) {
      if (!byId.containsKey(id)) {
        throw new IllegalArgumentException("unknown detection rule id '" + id + "'");
      }
    }
    for (Exclusion e : settings.exclusions()) {
      for (String id : e.ruleIds()) {
        if (!byId.containsKey(id)) {
          throw new IllegalArgumentException(
              "exclusion '" + e.id() + "': unknown detection rule id '" + id + "'");
        }
      }
    }
  }

  public DetectionSettings settings() {
    return settings;
  }

  /** Every rule of every detector, in detector order: the rule ids a rules file may name. */
  public Map<String, DetectionRule> rules() {
    return rulesById;
  }

  /** What detection found in one request. */
  public record Result(List<Finding> findings, int score, int shadowScore, boolean limited) {
    public static final Result NOTHING = new Result(List.of(), 0, 0, false);
  }

  /**
   * Inspects a request.
   *
   * @param complete whether to keep going after the blocking threshold is reached
   */
  public Result inspect(RequestView request, boolean complete) {
    return inspect(new Inspection(request, extractor), complete);
  }

  /**
   * Inspects a request whose values the caller may share with other stages.
   *
   * @param complete whether to keep going after the blocking threshold is reached
   */
  public Result inspect(Inspection request, boolean complete) {
    if (!settings.enabled() || active.isEmpty()) {
      return Result.NOTHING;
    }
    Inputs inputs = request.inputs();
    Collector collector = new Collector(request.view().pathOnly(), complete);
    try {
      for (RequestDetector d : wholeRequest) {
        d.inspectRequest(request, collector::hitAt);
      }
    } catch (StopInspection stop) {
      return collector.result(inputs.limited());
    }
    TimeBudget budget = request.budget();
    int seen = 0;
    for (var value : inputs.values()) {
      if ((++seen & (BUDGET_STRIDE - 1)) == 0 && budget.over()) {
        break; // what was found so far stands; the budget records that evaluation was cut short
      }
      if (clean != null && clean.contains(value)) {
        continue;
      }
      collector.value = value;
      collector.reported = false;
      long open = gates.open(value);
      for (int i = 0; i < running.length; i++) {
        if (i < Long.SIZE && (open & (1L << i)) == 0) {
          continue; // the detector's gate promises it finds nothing here
        }
        try {
          running[i].inspect(value, collector);
        } catch (StopInspection stop) {
          return collector.result(inputs.limited());
        }
      }
      if (clean != null && !collector.reported) {
        clean.add(value);
      }
    }
    return collector.result(inputs.limited());
  }

  /** Thrown by the collector to end evaluation once the outcome is settled. */
  private static final class StopInspection extends RuntimeException {
    private static final StopInspection INSTANCE = new StopInspection();

    private StopInspection() {
      super(null, null, false, false);
    }
  }

  private final class Collector implements Hits {
    private final String path;
    private final boolean complete;
    private final Map<String, Finding> found = new LinkedHashMap<>(4);
    private int score;
    private int shadow;
    Inspected value;

    Collector(String path, boolean complete) {
      this.path = path;
      this.complete = complete;
    }

    /** Whether any detector reported anything (active or not) for the current value. */
    boolean reported;

    /** A finding of a request-level detector, located at the value it names. */
    void hitAt(DetectionRule rule, Inspected where, String snippet) {
      Inspected current = value;
      value = where;
      try {
        hit(rule, snippet);
      } finally {
        value = current;
      }
    }

    @Override
    public void hit(DetectionRule rule, String snippet) {
      reported = true;
      if (!active.contains(rule.id()) || found.containsKey(rule.id()) || excluded(rule)) {
        return;
      }
      RuleMode mode = settings.modeOf(rule);
      int points = rule.severity().score();
      RuleAction action = mode == RuleMode.BLOCK ? RuleAction.BLOCK : RuleAction.MONITOR;
      found.put(
          rule.id(),
          new Finding(
              rule.id(), rule.attackClass().key(), action, value.location(), points, snippet));
      shadow += points;
      if (mode == RuleMode.BLOCK) {
        score += points;
        if (score >= settings.threshold() && !complete) {
          throw StopInspection.INSTANCE;
        }
      }
    }

    private boolean excluded(DetectionRule rule) {
      for (Exclusion e : settings.exclusions()) {
        if (e.appliesTo(rule, path, value)) {
          return true;
        }
      }
      return false;
    }

    Result result(boolean limited) {
      if (found.isEmpty()) {
        return limited ? new Result(List.of(), 0, 0, true) : Result.NOTHING;
      }
      return new Result(new ArrayList<>(found.values()), score, shadow, limited);
    }
  }
}
