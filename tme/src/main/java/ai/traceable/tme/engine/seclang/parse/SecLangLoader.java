package ai.traceable.tme.engine.seclang.parse;

import ai.traceable.tme.engine.seclang.model.Rule;
import ai.traceable.tme.engine.seclang.model.RuleSet;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Loads SecLang files, in the order given, into one {@link RuleSet}. A file that cannot be read or
 * parsed, an unknown directive, action, variable, operator or transformation fails the whole load
 * with a {@link SecLangSyntaxException} whose message starts with {@code file:line:}. Stateless and
 * thread-safe.
 */
public final class SecLangLoader {

  private final SecLangFactories factories;

  public SecLangLoader(SecLangFactories factories) {
    this.factories = factories;
  }

  /** A loader with the engine's own operators and transformations. */
  public static SecLangLoader standard() {
    return new SecLangLoader(SecLangFactories.standard());
  }

  /** Loads {@code files} (each may include others) as one configuration. */
  public RuleSet load(List<Path> files) {
    SecLangParser parser = new SecLangParser();
    for (Path file : files) {
      parser.parseFile(file);
    }
    return compile(parser.finish());
  }

  /** Loads configuration text as if it were a file at {@code file} (used for inline rules). */
  public RuleSet loadText(Path file, String text) {
    SecLangParser parser = new SecLangParser();
    parser.parseText(file, text);
    return compile(parser.finish());
  }

  private RuleSet compile(SecLangParser.ParsedConfig parsed) {
    RuleCompiler compiler = new RuleCompiler(factories);
    List<List<Rule>> phases = new ArrayList<>();
    for (int p = 0; p < 5; p++) {
      phases.add(new ArrayList<>());
    }
    for (RuleDraft draft : parsed.rules()) {
      Rule rule = compiler.compile(draft);
      if (rule.isMarker()) {
        for (List<Rule> phase : phases) {
          phase.add(rule);
        }
      } else {
        phases.get(rule.phase() - 1).add(rule);
      }
    }
    return new RuleSet(
        phases, parsed.settings(), parsed.componentSignatures(), parsed.ignoredDirectives());
  }
}
