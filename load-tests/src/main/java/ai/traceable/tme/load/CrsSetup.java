package ai.traceable.tme.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The OWASP CRS files both WAFs of the comparison load, and the engine settings put in front of
 * them: what ModSecurity's recommended {@code modsecurity.conf} sets for requests (engine on, body
 * access, its body limits, the JSON and XML processors) plus the paranoia level. The same text is
 * read by Apache + ModSecurity and by tme. Immutable.
 *
 * @param crs a CRS release directory ({@code crs-setup.conf.example} and {@code rules/})
 * @param paranoia CRS's blocking paranoia level, 1-4
 */
record CrsSetup(Path crs, int paranoia) {
  CrsSetup {
    if (paranoia < 1 || paranoia > 4) {
      throw new IllegalArgumentException("paranoia must be 1-4, got " + paranoia);
    }
    crs = crs.toAbsolutePath().normalize();
  }

  /** The engine settings, loaded before CRS's own files. */
  String engineConf() {
    return """
        # generated for the tme / ModSecurity comparison
        SecRuleEngine On
        SecRequestBodyAccess On
        SecRequestBodyLimit 13107200
        SecRequestBodyNoFilesLimit 131072
        SecRule REQUEST_HEADERS:Content-Type "^(?:application(?:/soap\\+|/)|text/)xml" \\
            "id:200000,phase:1,t:none,t:lowercase,pass,nolog,ctl:requestBodyProcessor=XML"
        SecRule REQUEST_HEADERS:Content-Type "^application/json" \\
            "id:200001,phase:1,t:none,t:lowercase,pass,nolog,ctl:requestBodyProcessor=JSON"
        SecAction "id:900000,phase:1,pass,t:none,nolog,setvar:tx.blocking_paranoia_level=%d"
        """
        .formatted(paranoia);
  }

  /** CRS's setup file. */
  Path setupFile() {
    return crs.resolve("crs-setup.conf.example");
  }

  /** The glob of CRS's rule files, as Apache's {@code Include} and tme both read it. */
  Path rulesGlob() {
    return crs.resolve("rules").resolve("*.conf");
  }

  /**
   * {@code TME_SECLANG_RULES} for tme: the engine settings, CRS's setup, then every rule file in
   * name order (the order of Apache's {@code Include} glob).
   */
  String tmeRules(Path engineConf) {
    return String.join(
        ",",
        engineConf.toAbsolutePath().toString(),
        setupFile().toString(),
        rulesGlob().toString());
  }

  /** Writes {@link #engineConf()} into {@code dir}; returns the file. */
  Path writeEngineConf(Path dir) throws IOException {
    return Files.writeString(dir.resolve("engine-pl" + paranoia + ".conf"), engineConf());
  }

  /**
   * Checks that {@code crs} looks like a CRS release.
   *
   * @return the rule files, in name order
   * @throws IllegalArgumentException if the setup file or the rule files are missing
   */
  List<Path> validate() throws IOException {
    if (!Files.isRegularFile(setupFile())) {
      throw new IllegalArgumentException(setupFile() + " not found: is " + crs + " a CRS release?");
    }
    List<Path> rules = new ArrayList<>();
    try (Stream<Path> files = Files.list(crs.resolve("rules"))) {
      files.filter(p -> p.getFileName().toString().endsWith(".conf")).sorted().forEach(rules::add);
    } catch (IOException e) {
      throw new IllegalArgumentException(crs.resolve("rules") + " cannot be read: " + e);
    }
    if (rules.isEmpty()) {
      throw new IllegalArgumentException("no *.conf files in " + crs.resolve("rules"));
    }
    return rules;
  }
}
