package ai.traceable.tme.bench;

import ai.traceable.tme.engine.Decision;
import ai.traceable.tme.engine.EngineMode;
import ai.traceable.tme.engine.StagedEngine;
import ai.traceable.tme.engine.inspect.RequestView;
import ai.traceable.tme.engine.policy.limits.PolicyState;
import ai.traceable.tme.engine.seclang.SecLangRuleEngine;
import ai.traceable.tme.rules.RulesLoader;
import ai.traceable.tme.seclang.SecLangLoader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
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
 * Microseconds per evaluation of OWASP CRS (every rule, profile {@code all}) through tme's engine
 * with tme's own detectors off, single-threaded, at paranoia level 1 and 2, for a browser GET and a
 * 4 KiB JSON POST (the shapes of {@link EngineBenchmark}). CRS is read from {@code -Dtme.crs.dir}
 * (default {@code ../shared/crs} from the repository root).
 *
 * <p>Run with {@code tme/jmh.sh CrsBenchmark} (not part of the test run).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
    value = 1,
    jvmArgs = {"-Xms1g", "-Xmx1g"})
public class CrsBenchmark {

  @Param({"browser-get", "json-4k"})
  public String shape;

  @Param({"1", "2"})
  public int paranoia;

  private StagedEngine engine;
  private RequestView request;

  @Setup
  public void setUp() throws IOException {
    Path crs = Path.of(System.getProperty("tme.crs.dir", "../shared/crs")).toAbsolutePath();
    Path engineConf = Files.createTempFile("crs-bench", ".conf");
    Files.writeString(
        engineConf,
        """
        SecRuleEngine On
        SecRequestBodyAccess On
        SecRule REQUEST_HEADERS:Content-Type "^application/json" \\
            "id:200001,phase:1,t:none,t:lowercase,pass,nolog,ctl:requestBodyProcessor=JSON"
        SecAction "id:900000,phase:1,pass,nolog,setvar:tx.blocking_paranoia_level=%d"
        """
            .formatted(paranoia));
    List<Path> files = new ArrayList<>();
    files.add(engineConf);
    files.add(crs.resolve("crs-setup.conf.example"));
    try (Stream<Path> s = Files.list(crs.resolve("rules"))) {
      s.filter(p -> p.toString().endsWith(".conf")).sorted().forEach(files::add);
    }
    var seclang = new SecLangRuleEngine(SecLangLoader.standard().load(files));
    Files.delete(engineConf);
    var tme =
        RulesLoader.parse(
            "detection: { enabled: false }\n".getBytes(StandardCharsets.UTF_8), "bench.yaml");
    engine = tme.engine(EngineMode.BLOCK, 0, PolicyState.local(), List.of(seclang));
    request = EngineBenchmark.Requests.of(shape);
    Decision d = engine.evaluate(request);
    if (!(d instanceof Decision.Allow)) {
      throw new IllegalStateException(shape + " must be allowed by CRS: " + d.ruleIds());
    }
  }

  @Benchmark
  public Decision evaluate() {
    return engine.evaluate(request);
  }
}
