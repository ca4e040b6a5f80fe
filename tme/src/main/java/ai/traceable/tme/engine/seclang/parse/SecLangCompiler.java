package ai.traceable.tme.engine.seclang.parse;

import ai.traceable.tme.engine.seclang.model.Rule;
import ai.traceable.tme.engine.seclang.model.RuleSet;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses and compiles SecLang configuration, in the order given, into one {@link RuleSet}. A file
 * that cannot be read or parsed, an unknown directive, action, variable, operator or transformation
 * fails the whole load with a {@link SecLangSyntaxException} whose message starts with {@code
 * file:line:}. Files are read through a {@link SecLangSource}. Stateless and thread-safe as long as
 * the source is.
 */
public final class SecLangCompiler {

  private final SecLangFactories factories;
  private final SecLangSource source;

  public SecLangCompiler(SecLangFactories factories, SecLangSource source) {
    this.factories = factories;
    this.source = source;
  }

  /**
   * Loads {@code files} (each may include others) as one configuration, then {@code trailer}: text
   * read as if it followed the last file (the place for edits such as {@code SecRuleRemoveById}
   * that apply to everything loaded), or an empty string.
   */
  public RuleSet load(List<String> files, String trailer) {
    SecLangParser parser = new SecLangParser(source);
    for (String file : files) {
      parser.parseFile(file);
    }
    if (!trailer.isEmpty()) {
      parser.parseText("(profile)", trailer);
    }
    return compile(parser.finish());
  }

  /** Loads configuration text as if it were a file called {@code file} (inline rules). */
  public RuleSet loadText(String file, String text) {
    SecLangParser parser = new SecLangParser(source);
    parser.parseText(file, text);
    return compile(parser.finish());
  }

  private RuleSet compile(SecLangParser.ParsedConfig parsed) {
    RuleCompiler compiler = new RuleCompiler(factories, source);
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
