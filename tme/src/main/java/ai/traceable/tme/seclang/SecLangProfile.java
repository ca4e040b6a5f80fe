package ai.traceable.tme.seclang;

import java.util.List;
import java.util.Locale;

/**
 * Which loaded SecLang rules run next to tme's own detectors.
 *
 * <ul>
 *   <li>{@link #ALL}: every loaded rule.
 *   <li>{@link #HYBRID}: tme's detectors keep the attack classes they model, so the OWASP CRS rule
 *       families for the same classes are removed (by id range, after everything loaded, as {@code
 *       SecRuleRemoveById} would): scanner detection (913), CRLF injection, response splitting and
 *       request smuggling (921110-921199), path traversal and OS file access (930), command
 *       injection (932), XSS (941) and SQL injection (942). Everything else runs: method and
 *       protocol enforcement (911, 920), the rest of 921 (LDAP injection, content-type and range
 *       abuse), multipart attacks (922), remote file inclusion (931), PHP (933), Node.js, Ruby,
 *       Perl and prototype pollution (934), session fixation (943), Java (944), and users' own
 *       rules with ids outside those ranges.
 * </ul>
 */
public enum SecLangProfile {
  ALL(List.of()),
  HYBRID(
      List.of(
          "913000-913999",
          "921110-921199",
          "930000-930999",
          "932000-932999",
          "941000-941999",
          "942000-942999"));

  private final List<String> removedRanges;

  SecLangProfile(List<String> removedRanges) {
    this.removedRanges = removedRanges;
  }

  /** The id ranges this profile removes from the loaded rules. */
  public List<String> removedRanges() {
    return removedRanges;
  }

  /** SecLang text that applies the profile to everything loaded before it. */
  String trailer() {
    return removedRanges.isEmpty()
        ? ""
        : "SecRuleRemoveById " + String.join(" ", removedRanges) + "\n";
  }

  /** Parses {@code all} / {@code hybrid}, case-insensitively. */
  public static SecLangProfile parse(String value) {
    String v = value.strip().toUpperCase(Locale.ROOT);
    for (SecLangProfile p : values()) {
      if (p.name().equals(v)) {
        return p;
      }
    }
    throw new IllegalArgumentException(
        "tme.seclang.profile must be all or hybrid, was '" + value + "'");
  }

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
