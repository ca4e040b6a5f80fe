package ai.traceable.tme.engine.seclang.parse;

import ai.traceable.tme.engine.seclang.model.ActionSpec;
import ai.traceable.tme.engine.seclang.model.EngineSettings;
import ai.traceable.tme.engine.seclang.model.VariableSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads SecLang files directive by directive into rule drafts and engine settings. Files are read
 * as ISO-8859-1 so that every byte of a rule (a UTF-8 literal in a regex, say) becomes one char,
 * the byte-string convention of the whole engine. Not thread-safe; one parser per load.
 */
final class SecLangParser {

  private final List<RuleDraft> rules = new ArrayList<>();

  private final RuleEdits edits = new RuleEdits(rules);
  private final Map<Integer, List<ActionSpec>> defaults = new HashMap<>();
  private final Set<Long> ids = new HashSet<>();
  private final Deque<Path> including = new ArrayDeque<>();
  private final List<String> signatures = new ArrayList<>();
  private final Set<String> ignored = new LinkedHashSet<>();
  private EngineSettings settings = EngineSettings.defaults();
  private RuleDraft openChain;
  private SourceLine openChainLine;

  /** Reads {@code file} and everything it includes. */
  void parseFile(Path file) {
    Path normal = file.toAbsolutePath().normalize();
    if (including.contains(normal)) {
      throw new SecLangSyntaxException(file + ": included from itself");
    }
    String content;
    try {
      content = Files.readString(normal, StandardCharsets.ISO_8859_1);
    } catch (IOException e) {
      throw new SecLangSyntaxException(file + ": cannot read: " + e.getMessage(), e);
    }
    including.push(normal);
    try {
      parseLines(file, content);
    } finally {
      including.pop();
    }
  }

  /** Reads configuration text as if it came from {@code file}. */
  void parseText(Path file, String content) {
    parseLines(file, content);
  }

  private void parseLines(Path file, String content) {
    for (SourceLine line : ConfigReader.read(file, content)) {
      try {
        directive(line);
      } catch (IllegalArgumentException e) {
        throw new SecLangSyntaxException(line.where() + ": " + e.getMessage(), e);
      }
    }
  }

  /** Ends the load: fails when a chain is still waiting for its next rule. */
  ParsedConfig finish() {
    if (openChain != null) {
      throw new SecLangSyntaxException(
          openChainLine.where() + ": the last rule of a chain has the chain action");
    }
    return new ParsedConfig(rules, settings, signatures, List.copyOf(ignored));
  }

  private void directive(SourceLine line) {
    List<String> words = ArgTokenizer.split(line.text());
    String name = words.get(0);
    List<String> args = words.subList(1, words.size());
    String lower = name.toLowerCase(Locale.ROOT);
    if (openChain != null && !lower.equals("secrule") && !lower.equals("secaction")) {
      throw new IllegalArgumentException("expected the next rule of the chain, found " + name);
    }
    switch (lower) {
      case "secrule" -> rule(line, args);
      case "secaction" -> action(line, args);
      case "secmarker" -> rules.add(RuleDraft.marker(line, one(name, args)));
      case "secdefaultaction" -> defaultAction(one(name, args));
      case "include", "includeoptional" ->
          include(line, one(name, args), lower.endsWith("optional"));
      case "secruleremovebyid" -> edits.removeById(atLeastOne(name, args));
      case "secruleremovebytag" -> edits.removeByTagOrMsg(one(name, args), false);
      case "secruleremovebymsg" -> edits.removeByTagOrMsg(one(name, args), true);
      case "secruleupdatetargetbyid" ->
          edits.updateTargetById(arg(args, 0), arg(args, 1), opt(args));
      case "secruleupdatetargetbytag" ->
          edits.updateTargetByTagOrMsg(arg(args, 0), false, arg(args, 1), opt(args));
      case "secruleupdatetargetbymsg" ->
          edits.updateTargetByTagOrMsg(arg(args, 0), true, arg(args, 1), opt(args));
      case "secruleupdateactionbyid" -> edits.updateActionById(arg(args, 0), arg(args, 1));
      case "seccomponentsignature" -> signatures.add(one(name, args));
      default -> {
        if (!EngineDirectives.apply(this, lower, name, args)) {
          throw new IllegalArgumentException("unknown directive " + name);
        }
      }
    }
  }

  void settings(EngineSettings next) {
    settings = next;
  }

  EngineSettings settings() {
    return settings;
  }

  void ignore(String directive) {
    ignored.add(directive);
  }

  private void rule(SourceLine line, List<String> args) {
    if (args.size() < 2 || args.size() > 3) {
      throw new IllegalArgumentException("SecRule takes variables, an operator and actions");
    }
    List<VariableSpec> variables = VariableParser.parse(args.get(0));
    OperatorText op = OperatorText.parse(args.get(1));
    List<ActionSpec> actions = ActionParser.parse(args.size() == 3 ? args.get(2) : "");
    add(line, variables, op, actions);
  }

  private void action(SourceLine line, List<String> args) {
    List<ActionSpec> actions = ActionParser.parse(one("SecAction", args));
    add(line, List.of(), null, actions);
  }

  private void add(
      SourceLine line, List<VariableSpec> vars, OperatorText op, List<ActionSpec> own) {
    boolean chained = openChain != null;
    int phase = chained ? openChain.phase : phaseOf(own);
    List<ActionSpec> phaseDefaults = defaults.getOrDefault(phase, BUILT_IN_DEFAULTS);
    List<ActionSpec> merged =
        chained ? transformationsFirst(phaseDefaults, own) : ActionLists.merge(phaseDefaults, own);
    long id = idOf(own, chained);
    RuleDraft draft =
        new RuleDraft(
            line,
            null,
            vars,
            op == null ? null : op.name(),
            op == null ? null : op.argument(),
            op != null && op.negated(),
            merged,
            phaseDefaults,
            id,
            phase);
    if (chained) {
      openChain.last().chained = draft;
    } else {
      rules.add(draft);
      openChain = draft;
      openChainLine = line;
    }
    if (!draft.chains()) {
      openChain = null;
    }
  }

  /**
   * A chained rule takes its starter's phase and no flow or disruptive defaults, but the default
   * transformations still apply to it, as in ModSecurity 2.
   */
  private static List<ActionSpec> transformationsFirst(
      List<ActionSpec> defs, List<ActionSpec> own) {
    List<ActionSpec> base = new ArrayList<>();
    for (ActionSpec a : defs) {
      if (a.name().equals("t")) {
        base.add(a);
      }
    }
    return ActionLists.merge(base, own);
  }

  private long idOf(List<ActionSpec> own, boolean chained) {
    String id = ActionLists.last(own, "id");
    if (chained) {
      if (id != null) {
        throw new IllegalArgumentException("a chained rule cannot have an id");
      }
      for (ActionSpec a : own) {
        if (a.name().equals("skip") || a.name().equals("skipAfter") || a.name().equals("phase")) {
          throw new IllegalArgumentException("a chained rule cannot use " + a.name());
        }
      }
      return 0;
    }
    if (id == null) {
      throw new IllegalArgumentException("rule has no id");
    }
    long value;
    try {
      value = Long.parseLong(id.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("invalid id: " + id);
    }
    if (value <= 0) {
      throw new IllegalArgumentException("rule id must be positive: " + id);
    }
    if (!ids.add(value)) {
      throw new IllegalArgumentException("duplicate rule id " + value);
    }
    return value;
  }

  static int phaseOf(List<ActionSpec> actions) {
    String phase = ActionLists.last(actions, "phase");
    if (phase == null) {
      return 2;
    }
    return switch (phase.strip().toLowerCase(Locale.ROOT)) {
      case "1" -> 1;
      case "2", "request" -> 2;
      case "3" -> 3;
      case "4", "response" -> 4;
      case "5", "logging" -> 5;
      default -> throw new IllegalArgumentException("invalid phase: " + phase);
    };
  }

  private void defaultAction(String text) {
    List<ActionSpec> actions = ActionParser.parse(text);
    if (ActionLists.last(actions, "phase") == null) {
      throw new IllegalArgumentException("SecDefaultAction must name a phase");
    }
    for (ActionSpec a : actions) {
      if (a.name().equals("id") || a.name().equals("chain") || a.name().equals("skipAfter")) {
        throw new IllegalArgumentException("SecDefaultAction cannot use " + a.name());
      }
    }
    int phase = phaseOf(actions);
    List<ActionSpec> kept = new ArrayList<>(actions);
    kept.removeIf(a -> a.name().equals("phase"));
    defaults.put(phase, ActionLists.merge(BUILT_IN_DEFAULTS, kept));
  }

  private void include(SourceLine line, String pattern, boolean optional) {
    List<Path> files = IncludeResolver.resolve(line.file(), pattern);
    if (files.isEmpty() && !optional) {
      throw new IllegalArgumentException("Include matches no file: " + pattern);
    }
    for (Path file : files) {
      parseFile(file);
    }
  }

  /** ModSecurity's default action list when no {@code SecDefaultAction} names the phase. */
  private static final List<ActionSpec> BUILT_IN_DEFAULTS =
      List.of(
          new ActionSpec("log", null),
          new ActionSpec("auditlog", null),
          new ActionSpec("pass", null));

  static String one(String directive, List<String> args) {
    if (args.size() != 1) {
      throw new IllegalArgumentException(directive + " takes one argument");
    }
    return args.get(0);
  }

  private static List<String> atLeastOne(String directive, List<String> args) {
    if (args.isEmpty()) {
      throw new IllegalArgumentException(directive + " needs an argument");
    }
    return args;
  }

  private static String arg(List<String> args, int i) {
    if (args.size() <= i) {
      throw new IllegalArgumentException("missing argument " + (i + 1));
    }
    return args.get(i);
  }

  private static String opt(List<String> args) {
    return args.size() > 2 ? args.get(2) : null;
  }

  /** What a load produced, before compilation. */
  record ParsedConfig(
      List<RuleDraft> rules,
      EngineSettings settings,
      List<String> componentSignatures,
      List<String> ignoredDirectives) {}
}
