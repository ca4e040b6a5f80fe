package ai.traceable.tme.engine.seclang.operator;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Time to run every {@code @rx} of OWASP CRS v4 (the 318 without macros) on one benign value, the
 * values cycling over tme's benign corpus (URL-decoded, lower-cased, as CRS's transformations leave
 * them). Modes:
 *
 * <ul>
 *   <li>{@code re2j}: RE2/J on every regex (no prefilter);
 *   <li>{@code dfa}: the lazy DFA ({@link ByteDfa}) on every regex (no prefilter);
 *   <li>{@code prefilter}: each operator checks its own required literals, then the DFA;
 *   <li>{@code index}: one Aho-Corasick pass over all literals ({@link PrefilterIndex}) picks the
 *       candidates, only those run, on the DFA (how the evaluator is meant to use it);
 *   <li>{@code index-re2j}: the same candidates run on RE2/J;
 *   <li>{@code java-regex}: java.util.regex (backtracking) on every regex, for comparison only.
 * </ul>
 *
 * <p>It sits in the operator package (not {@code bench}) to reach the package-private engines.
 * Needs CRS (see {@link CrsSources}). Run with {@code tme/jmh.sh SecLangRegexBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
    value = 1,
    jvmArgs = {"-Xms1g", "-Xmx1g"})
public class SecLangRegexBenchmark {
  private static final MatchContext CONTEXT =
      new MatchContext() {
        @Override
        public String expand(String textWithMacros) {
          return textWithMacros;
        }

        @Override
        public void capture(int index, String value) {}

        @Override
        public boolean capturing() {
          return false;
        }
      };

  @Param({"re2j", "dfa", "prefilter", "index", "index-re2j", "java-regex"})
  public String mode;

  private Operator[] operators;
  private ByteRegex[] regexes;
  private Pattern[] javaPatterns;
  private PrefilterIndex index;
  private long[] bits;
  private String[] values;
  private int next;

  @Setup
  public void setUp() {
    List<Operator> ops = new ArrayList<>();
    List<Pattern> java = new ArrayList<>();
    for (CrsSources.Rule rule : CrsSources.rules()) {
      if (rule.operatorName().equalsIgnoreCase("rx") && !rule.argument().contains("%{")) {
        ops.add(Operators.create("rx", rule.argument(), name -> null));
        java.add(Pattern.compile(rule.argument(), Pattern.DOTALL));
      }
    }
    operators = ops.toArray(Operator[]::new);
    regexes = new ByteRegex[operators.length];
    for (int k = 0; k < operators.length; k++) {
      regexes[k] = ((Rx) operators[k]).regex();
    }
    javaPatterns = java.toArray(Pattern[]::new);
    index = PrefilterIndex.of(ops);
    bits = new long[index.words()];
    values = RegexInputs.benign().toArray(String[]::new);
  }

  private String nextValue() {
    String v = values[next];
    next = next + 1 == values.length ? 0 : next + 1;
    return v;
  }

  @Benchmark
  public int allCrsRegexesOnOneValue() {
    String v = nextValue();
    int matched = 0;
    switch (mode) {
      case "re2j" -> {
        for (ByteRegex re : regexes) {
          matched += re.findWithRe2(v) ? 1 : 0;
        }
      }
      case "dfa" -> {
        for (ByteRegex re : regexes) {
          matched += re.find(v) ? 1 : 0;
        }
      }
      case "prefilter" -> {
        for (Operator op : operators) {
          matched += op.matches(v, CONTEXT) ? 1 : 0;
        }
      }
      case "index", "index-re2j" -> {
        boolean re2j = mode.equals("index-re2j");
        index.candidates(v, bits);
        for (int w = 0; w < bits.length; w++) {
          long word = bits[w];
          while (word != 0) {
            int op = (w << 6) + Long.numberOfTrailingZeros(word);
            word &= word - 1;
            boolean found =
                re2j
                    ? regexes[op].findWithRe2(v)
                    : ((Prefiltered) operators[op]).matchesPrefiltered(v, CONTEXT);
            matched += found ? 1 : 0;
          }
        }
      }
      case "java-regex" -> {
        for (Pattern p : javaPatterns) {
          matched += p.matcher(v).find() ? 1 : 0;
        }
      }
      default -> throw new IllegalStateException(mode);
    }
    return matched;
  }
}
