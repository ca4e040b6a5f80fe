package ai.traceable.tme.seclang;

import ai.traceable.tme.engine.seclang.model.RuleSet;
import ai.traceable.tme.engine.seclang.parse.SecLangCompiler;
import ai.traceable.tme.engine.seclang.parse.SecLangFactories;
import java.nio.file.Path;
import java.util.List;

/**
 * Loads SecLang files from disk, in the order given, into one {@link RuleSet}: the file reading
 * half of the engine's {@link SecLangCompiler}. Every problem fails the whole load with a {@link
 * ai.traceable.tme.engine.seclang.parse.SecLangSyntaxException} whose message starts with {@code
 * file:line:}. Stateless and thread-safe.
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
    return load(files, "");
  }

  /** Loads {@code files}, then {@code trailer} as if it followed them (see SecLangCompiler). */
  public RuleSet load(List<Path> files, String trailer) {
    return new SecLangCompiler(factories, new DiskSource())
        .load(files.stream().map(Path::toString).toList(), trailer);
  }

  /** Loads configuration text as if it were the file {@code file} (inline rules). */
  public RuleSet loadText(Path file, String text) {
    return new SecLangCompiler(factories, new DiskSource()).loadText(file.toString(), text);
  }
}
