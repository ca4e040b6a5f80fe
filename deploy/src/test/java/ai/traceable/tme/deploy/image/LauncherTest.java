package ai.traceable.tme.deploy.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The image's entrypoint, {@code deploy/image/root/usr/local/bin/tme}, run by {@code /bin/sh} with
 * a stand-in {@code java} that prints its process id and arguments: which flags the launcher
 * passes, in which order, and that it execs (the JVM keeps the launcher's process, so it receives
 * the container's SIGTERM).
 */
class LauncherTest {
  private static final List<String> DEFAULTS =
      List.of(
          "-XX:+UseG1GC",
          "-XX:MaxGCPauseMillis=50",
          "-XX:InitialRAMPercentage=60",
          "-XX:MaxRAMPercentage=60",
          "-XX:-UsePerfData",
          "-XX:+ExitOnOutOfMemoryError",
          "-XX:+ErrorFileToStderr",
          "-Djava.io.tmpdir=/tmp");
  private static final List<String> MAIN =
      List.of("-cp", "@/opt/tme/jib-classpath-file", "ai.traceable.tme.Main");

  @TempDir Path dir;
  private Path javaHome;
  private Path pathDir;

  @BeforeEach
  void fakeJavas() throws IOException {
    assumeTrue(Files.isExecutable(Path.of("/bin/sh")), "needs /bin/sh");
    javaHome = dir.resolve("jdk");
    fakeJava(Files.createDirectories(javaHome.resolve("bin")), "JAVA_HOME");
    pathDir = Files.createDirectories(dir.resolve("path"));
    fakeJava(pathDir, "PATH");
  }

  /** A {@code java} that prints its pid, where it was found, then one argument per line. */
  private static void fakeJava(Path bin, String label) throws IOException {
    Path java = bin.resolve("java");
    Files.writeString(
        java,
        "#!/bin/sh\necho \"$$\"\necho "
            + label
            + "\nfor a in \"$@\"; do printf '%s\\n' \"$a\"; done\n");
    Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  @Test
  void startsJavaWithTheDefaultFlagsAndExecsIt() throws Exception {
    Run run = launch(Map.of());
    assertThat(run.args()).containsExactlyElementsOf(concat(DEFAULTS, MAIN));
    assertThat(run.javaPid()).as("java replaced the shell (exec)").isEqualTo(run.shellPid());
    assertThat(run.stderr()).isEmpty();
  }

  @Test
  void passesTmesArgumentsUnchangedAfterTheMainClass() throws Exception {
    Run run = launch(Map.of(), "check", "--expect", "a b", "*");
    assertThat(run.args()).endsWith("ai.traceable.tme.Main", "check", "--expect", "a b", "*");
  }

  @ParameterizedTest
  @CsvSource({"2,2", "02,2", "16,16", "1,1"})
  void turnsAPositiveCpuLimitIntoActiveProcessorCount(String limit, String count) throws Exception {
    Run run = launch(Map.of("TME_CPU_LIMIT", limit));
    assertThat(run.args())
        .containsSubsequence(DEFAULTS.get(DEFAULTS.size() - 1), "-XX:ActiveProcessorCount=" + count)
        .containsSubsequence("-XX:ActiveProcessorCount=" + count, "-cp");
    assertThat(run.stderr()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"0", "000", "500m", "1.5", "-1", " 2", "abc", "123456"})
  void ignoresACpuLimitThatIsNotAPositiveIntegerWithAWarning(String limit) throws Exception {
    Run run = launch(Map.of("TME_CPU_LIMIT", limit));
    assertThat(run.args()).noneMatch(a -> a.startsWith("-XX:ActiveProcessorCount"));
    assertThat(run.args()).containsExactlyElementsOf(concat(DEFAULTS, MAIN));
    assertThat(run.stderr()).contains("ignoring TME_CPU_LIMIT='" + limit + "'");
  }

  @Test
  void appendsTmeJavaOptsAfterTheDefaultsSoThatTheyWinAndExpandsNoGlobs() throws Exception {
    Files.createFile(dir.resolve("matches-a-glob"));
    Run run =
        launch(
            Map.of(
                "TME_CPU_LIMIT", "2",
                "TME_JAVA_OPTS", " -XX:MaxRAMPercentage=50  -Dtme.x=* "),
            "injector");
    List<String> expected = new ArrayList<>(DEFAULTS);
    expected.add("-XX:ActiveProcessorCount=2");
    expected.addAll(List.of("-XX:MaxRAMPercentage=50", "-Dtme.x=*"));
    expected.addAll(MAIN);
    expected.add("injector");
    assertThat(run.args()).containsExactlyElementsOf(expected);
  }

  @Test
  void runsJavaFromJavaHomeWhenItHasOneElseFromThePath() throws Exception {
    assertThat(launch(Map.of()).foundIn()).isEqualTo("JAVA_HOME");
    assertThat(launch(Map.of("JAVA_HOME", "")).foundIn()).isEqualTo("PATH");
    assertThat(launch(Map.of("JAVA_HOME", dir.resolve("nothing").toString())).foundIn())
        .isEqualTo("PATH");
  }

  private Run launch(Map<String, String> env, String... tmeArgs) throws Exception {
    List<String> command = new ArrayList<>(List.of("/bin/sh", ImageTar.LAUNCHER.toString()));
    command.addAll(List.of(tmeArgs));
    ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile());
    builder.environment().keySet().removeIf(k -> k.startsWith("TME_") || k.equals("JAVA_HOME"));
    builder.environment().put("JAVA_HOME", javaHome.toString());
    builder.environment().put("PATH", pathDir + ":/usr/bin:/bin");
    builder.environment().putAll(env);
    Process process = builder.start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as("exit status; stderr: " + err).isZero();
    List<String> lines = out.lines().toList();
    return new Run(
        process.pid(),
        Long.parseLong(lines.get(0)),
        lines.get(1),
        lines.subList(2, lines.size()),
        err);
  }

  /** What the stand-in java saw. */
  private record Run(
      long shellPid, long javaPid, String foundIn, List<String> args, String stderr) {}

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> out = new ArrayList<>(a);
    out.addAll(b);
    return out;
  }
}
