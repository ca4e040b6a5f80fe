package ai.traceable.tme.rules;

import static org.assertj.core.api.Assertions.assertThat;

import ai.traceable.tme.engine.Decision;
import ai.traceable.tme.engine.EngineMode;
import ai.traceable.tme.engine.inspect.RequestView;
import ai.traceable.tme.fuzzing.FuzzInputs;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Coverage-guided fuzzing of the rules-file loader on YAML text. Properties: a file is either
 * compiled or refused with a {@link RulesException} (nothing else escapes, nothing is half-loaded),
 * and a compiled rule set evaluates a request to a decision without throwing.
 */
class RulesLoaderFuzzTest {
  private static final RequestView REQUEST =
      new RequestView(
          "POST",
          "/login?user=admin'--&q=<script>",
          "example.com",
          Map.of(
              "content-type", List.of("application/json"),
              "user-agent", List.of("sqlmap/1.7"),
              "x-forwarded-for", List.of("203.0.113.7, 10.0.0.1")),
          "{\"q\":\"1 union select 1\"}".getBytes(StandardCharsets.UTF_8),
          false,
          "198.51.100.2",
          40000);

  @FuzzTest
  void loadsOrRefusesWithRulesException(byte[] data) {
    check(data);
  }

  @Test
  void survivesFixedSeedMutations() {
    FuzzInputs.fixedSeedRun(
        getClass(), "loadsOrRefusesWithRulesException", 400, RulesLoaderFuzzTest::check);
  }

  static void check(byte[] yaml) {
    RuleSet rules;
    try {
      rules = RulesLoader.parse(yaml, "fuzz");
    } catch (RulesException refused) {
      assertThat(refused.getMessage()).startsWith("fuzz: ");
      return;
    }
    for (EngineMode mode : EngineMode.values()) {
      Decision decision = rules.engine(mode, 1).evaluate(REQUEST);
      assertThat(decision).isNotNull();
    }
  }
}
