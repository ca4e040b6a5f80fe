package ai.traceable.tme.engine.seclang.parse;

import ai.traceable.tme.engine.seclang.model.ActionSpec;
import ai.traceable.tme.engine.seclang.model.Disruptive;
import ai.traceable.tme.engine.seclang.model.Effect;
import ai.traceable.tme.engine.seclang.model.Macro;
import ai.traceable.tme.engine.seclang.model.Rule;
import ai.traceable.tme.engine.seclang.model.RuleMeta;
import ai.traceable.tme.engine.seclang.model.RuleOperator;
import ai.traceable.tme.engine.seclang.model.VariableSpec;
import ai.traceable.tme.engine.seclang.operator.OperatorResources;
import ai.traceable.tme.engine.seclang.transform.Transformation;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Turns rule drafts into immutable rules: operators and transformations built, actions typed. */
final class RuleCompiler {

  private final SecLangFactories factories;

  RuleCompiler(SecLangFactories factories) {
    this.factories = factories;
  }

  Rule compile(RuleDraft d) {
    try {
      return doCompile(d, d.id, d.phase);
    } catch (IllegalArgumentException e) {
      throw new SecLangSyntaxException(d.source.where() + ": " + e.getMessage(), e);
    }
  }

  private Rule doCompile(RuleDraft d, long id, int phase) {
    String file = d.source.file().toString();
    if (d.isMarker()) {
      return new Rule(
          file,
          d.source.line(),
          0,
          phase,
          d.marker,
          List.of(),
          List.of(),
          null,
          List.of(),
          false,
          false,
          new RuleMeta(null, null, List.of(), -1, null, null, false),
          List.of(),
          Disruptive.PASS,
          0,
          0,
          null,
          null);
    }
    List<VariableSpec> targets = new ArrayList<>();
    List<VariableSpec> exclusions = new ArrayList<>();
    for (VariableSpec v : d.variables) {
      (v.exclusion() ? exclusions : targets).add(v);
    }
    Rule chained = d.chained == null ? null : doCompileChained(d.chained, phase);
    return new Rule(
        file,
        d.source.line(),
        id,
        phase,
        null,
        targets,
        exclusions,
        operator(d),
        transformations(d.actions),
        has(d.actions, "multiMatch"),
        has(d.actions, "capture"),
        meta(d.actions),
        effects(d.actions),
        disruptive(d),
        intValue(ActionLists.last(d.actions, "status"), "status"),
        intValue(ActionLists.last(d.actions, "skip"), "skip"),
        ActionLists.last(d.actions, "skipAfter"),
        chained);
  }

  private Rule doCompileChained(RuleDraft d, int phase) {
    try {
      return doCompile(d, 0, phase);
    } catch (IllegalArgumentException e) {
      throw new SecLangSyntaxException(d.source.where() + ": " + e.getMessage(), e);
    }
  }

  private RuleOperator operator(RuleDraft d) {
    if (d.operatorName == null) {
      return null;
    }
    Path dir = d.source.file().toAbsolutePath().getParent();
    // data files are read here, while the rules load: operators never touch the file system
    OperatorResources resources =
        name ->
            java.nio.file.Files.readAllLines(
                dir == null ? Path.of(name) : dir.resolve(name),
                java.nio.charset.StandardCharsets.ISO_8859_1);
    return new RuleOperator(
        d.operatorName,
        d.operatorArgument,
        d.negated,
        factories.operators().create(d.operatorName, d.operatorArgument, resources));
  }

  private List<Transformation> transformations(List<ActionSpec> actions) {
    List<Transformation> chain = new ArrayList<>();
    for (ActionSpec a : actions) {
      if (!a.name().equals("t")) {
        continue;
      }
      if (a.value() == null || a.value().isBlank()) {
        throw new IllegalArgumentException("t: needs a transformation name");
      }
      if (a.value().strip().equalsIgnoreCase("none")) {
        chain.clear();
      } else {
        chain.add(factories.transformations().byName(a.value().strip()));
      }
    }
    return chain;
  }

  private static RuleMeta meta(List<ActionSpec> actions) {
    String msg = ActionLists.last(actions, "msg");
    String logdata = ActionLists.last(actions, "logdata");
    List<String> tags = new ArrayList<>();
    boolean log = true;
    for (ActionSpec a : actions) {
      switch (a.name()) {
        case "tag" -> tags.add(a.value() == null ? "" : a.value());
        case "log" -> log = true;
        case "nolog" -> log = false;
        default -> {}
      }
    }
    return new RuleMeta(
        msg == null ? null : Macro.parse(msg),
        logdata == null ? null : Macro.parse(logdata),
        tags,
        severity(ActionLists.last(actions, "severity")),
        ActionLists.last(actions, "ver"),
        ActionLists.last(actions, "rev"),
        log);
  }

  private static List<Effect> effects(List<ActionSpec> actions) {
    List<Effect> effects = new ArrayList<>();
    for (ActionSpec a : actions) {
      if (a.name().equals("setvar")) {
        effects.add(EffectParser.setvar(a.value()));
      } else if (a.name().equals("ctl")) {
        effects.add(EffectParser.ctl(a.value()));
      }
    }
    return effects;
  }

  private static Disruptive disruptive(RuleDraft d) {
    String name = null;
    String value = null;
    for (ActionSpec a : d.actions) {
      if (ActionNames.DISRUPTIVE.contains(a.name())) {
        name = a.name();
        value = a.value();
      }
    }
    if ("block".equals(name)) {
      name = null;
      for (ActionSpec a : d.phaseDefaults) {
        if (ActionNames.DISRUPTIVE.contains(a.name()) && !a.name().equals("block")) {
          name = a.name();
          value = a.value();
        }
      }
    }
    if (name == null) {
      return Disruptive.PASS;
    }
    return switch (name) {
      case "deny" -> Disruptive.DENY;
      case "drop" -> Disruptive.DROP;
      case "redirect" -> Disruptive.REDIRECT;
      case "proxy" -> Disruptive.PROXY;
      case "allow" -> allow(value);
      default -> Disruptive.PASS;
    };
  }

  private static Disruptive allow(String value) {
    if (value == null || value.isBlank()) {
      return Disruptive.ALLOW;
    }
    return switch (value.strip().toLowerCase(Locale.ROOT)) {
      case "phase" -> Disruptive.ALLOW_PHASE;
      case "request" -> Disruptive.ALLOW_REQUEST;
      default -> throw new IllegalArgumentException("allow takes phase or request: " + value);
    };
  }

  static int severity(String value) {
    if (value == null) {
      return -1;
    }
    String v = value.strip().toUpperCase(Locale.ROOT);
    int named = RuleMeta.SEVERITIES.indexOf(v);
    if (named >= 0) {
      return named;
    }
    try {
      int n = Integer.parseInt(v);
      if (n >= 0 && n <= 7) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException("invalid severity: " + value);
  }

  private static int intValue(String value, String action) {
    if (value == null) {
      return 0;
    }
    try {
      int n = Integer.parseInt(value.strip());
      if (n < 0) {
        throw new NumberFormatException();
      }
      return n;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(action + " takes a non-negative number: " + value);
    }
  }

  private static boolean has(List<ActionSpec> actions, String name) {
    return actions.stream().anyMatch(a -> a.name().equals(name));
  }
}
