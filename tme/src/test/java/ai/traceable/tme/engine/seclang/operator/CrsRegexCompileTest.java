package ai.traceable.tme.engine.seclang.operator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every {@code @rx} of OWASP CRS v4 compiles (CRS v4 is written for RE2-style engines), and most
 * have a prefilter literal. Failures are listed with their reason.
 */
class CrsRegexCompileTest {

  static List<CrsSources.Rule> regexRules() {
    return CrsSources.rules().stream()
        .filter(r -> r.operatorName().equalsIgnoreCase("rx"))
        .toList();
  }

  @Test
  void compilesEveryCrsRegex() {
    List<CrsSources.Rule> rules = regexRules();
    List<String> failures = new ArrayList<>();
    int withLiterals = 0;
    int constant = 0;
    for (CrsSources.Rule rule : rules) {
      try {
        Operator op = Operators.create("rx", rule.argument(), name -> null);
        if (!Operators.hasMacros(rule.argument())) {
          constant++;
          if (!((Prefiltered) op).requiredLiterals().isEmpty()) {
            withLiterals++;
          }
        }
      } catch (IllegalArgumentException e) {
        failures.add(rule.where() + ": " + e.getMessage());
      }
    }
    System.out.printf(
        "CRS @rx: %d patterns, %d compiled, %d failed; %d of %d constant ones have literals%n",
        rules.size(), rules.size() - failures.size(), failures.size(), withLiterals, constant);
    failures.forEach(f -> System.out.println("  " + f));
    assertThat(rules).hasSizeGreaterThan(250);
    assertThat(failures).isEmpty();
  }
}
