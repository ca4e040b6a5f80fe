package ai.traceable.tme.seclang;

import ai.traceable.tme.engine.seclang.SecLangRuleEngine;
import ai.traceable.tme.engine.seclang.model.RuleSet;
import ai.traceable.tme.engine.seclang.parse.SecLangCompiler;
import ai.traceable.tme.engine.seclang.parse.SecLangFactories;
import ai.traceable.tme.engine.seclang.parse.SecLangSyntaxException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * A loaded SecLang configuration, as {@code tme.seclang.rules} names it: the files and globs in
 * order, each glob's matches in name order, then the profile's removals. Immutable.
 *
 * @param patterns the configured files and globs
 * @param profile the profile applied
 * @param engine the compiled rules as tme's rule engine
 * @param filesRead every file the load read (listed files, includes, data files), for reloading
 * @param version a hash of the names and content of those files
 */
public record SecLangRules(
    List<String> patterns,
    SecLangProfile profile,
    SecLangRuleEngine engine,
    List<Path> filesRead,
    String version) {

  public SecLangRules {
    patterns = List.copyOf(patterns);
    filesRead = List.copyOf(filesRead);
  }

  /**
   * Loads {@code patterns} with {@code profile}.
   *
   * @throws SecLangSyntaxException naming the file and line of any problem, or the pattern that
   *     matches no file
   */
  public static SecLangRules load(List<String> patterns, SecLangProfile profile) {
    List<String> files = new ArrayList<>();
    for (String pattern : patterns) {
      List<Path> matched;
      try {
        matched = Globs.expand(null, pattern);
      } catch (IOException | IllegalArgumentException e) {
        throw new SecLangSyntaxException(pattern + ": " + e.getMessage(), e);
      }
      if (matched.isEmpty()) {
        throw new SecLangSyntaxException(pattern + ": matches no file");
      }
      matched.forEach(p -> files.add(p.toString()));
    }
    DiskSource source = new DiskSource();
    RuleSet rules =
        new SecLangCompiler(SecLangFactories.standard(), source).load(files, profile.trailer());
    List<Path> read = source.filesRead();
    return new SecLangRules(
        patterns, profile, new SecLangRuleEngine(rules), read, digest(patterns, read));
  }

  /** Number of rules (chains count once), for logs. */
  public int ruleCount() {
    return engine.rules().ruleCount();
  }

  /**
   * A hash of the patterns' current matches and the content of every file, for change detection; a
   * file that cannot be read hashes as absent.
   */
  static String digest(List<String> patterns, List<Path> files) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      for (String pattern : patterns) {
        md.update(pattern.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        try {
          for (Path p : Globs.expand(null, pattern)) {
            md.update(p.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
          }
        } catch (IOException | IllegalArgumentException e) {
          md.update((byte) 1);
        }
      }
      for (Path file : files) {
        md.update(file.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        try {
          md.update(Files.readAllBytes(file));
        } catch (IOException e) {
          md.update((byte) 2);
        }
      }
      return HexFormat.of().formatHex(md.digest(), 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
