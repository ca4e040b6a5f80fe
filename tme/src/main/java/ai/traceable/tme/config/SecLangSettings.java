package ai.traceable.tme.config;

import ai.traceable.tme.seclang.SecLangProfile;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigValueType;
import java.util.ArrayList;
import java.util.List;

/**
 * Which SecLang rules run ({@code tme.seclang}). Immutable.
 *
 * @param rules files and globs, in load order; empty means SecLang is off
 * @param profile which of the loaded rules run next to tme's detectors
 */
public record SecLangSettings(List<String> rules, SecLangProfile profile) {
  public SecLangSettings {
    rules = List.copyOf(rules);
  }

  /** Whether any SecLang rules are configured. */
  public boolean enabled() {
    return !rules.isEmpty();
  }

  /**
   * Reads {@code tme.seclang}: {@code rules} is a list, or a comma-separated string (as {@code
   * TME_SECLANG_RULES} sets it).
   *
   * @throws IllegalArgumentException naming the key when a value is invalid
   */
  public static SecLangSettings fromConfig(Config root) {
    try {
      Config c = root.getConfig("tme.seclang");
      List<String> rules = new ArrayList<>();
      if (c.getValue("rules").valueType() == ConfigValueType.LIST) {
        rules.addAll(c.getStringList("rules"));
      } else {
        rules.addAll(List.of(c.getString("rules").split(",")));
      }
      rules.replaceAll(String::strip);
      rules.removeIf(String::isEmpty);
      String profile = c.getString("profile");
      return new SecLangSettings(
          rules, profile.isBlank() ? SecLangProfile.HYBRID : SecLangProfile.parse(profile));
    } catch (ConfigException e) {
      throw new IllegalArgumentException("invalid configuration: " + e.getMessage(), e);
    }
  }
}
