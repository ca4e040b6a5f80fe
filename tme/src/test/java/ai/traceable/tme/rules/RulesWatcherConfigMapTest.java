package ai.traceable.tme.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.traceable.tme.engine.Decision;
import ai.traceable.tme.engine.EngineMode;
import ai.traceable.tme.engine.ReloadableEngine;
import ai.traceable.tme.engine.StagedEngine;
import ai.traceable.tme.engine.policy.PolicyTestKit;
import ai.traceable.tme.engine.policy.limits.PolicyState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rules mounted from a ConfigMap and updated the way the kubelet does it ({@link ConfigMapVolume}):
 * the engine follows every valid update and keeps its rules through broken or missing ones. Each
 * poll is called directly, so nothing waits on the timer.
 */
class RulesWatcherConfigMapTest {
  @TempDir Path dir;

  private final PolicyState counters =
      new PolicyState(1000, Duration.ofMinutes(10), 429, System::nanoTime, null);
  private ConfigMapVolume volume;
  private ReloadableEngine engine;
  private RulesWatcher watcher;

  /** Rules that block paths under {@code prefix}; the same length for prefixes of one length. */
  private static String blocking(String version, String prefix) {
    return "version: " + version + "\nrules: [{id: r, when: {path: {prefix: " + prefix + "}}}]\n";
  }

  @BeforeEach
  void mountAndWatch() throws Exception {
    volume = ConfigMapVolume.create(dir, "rules.yaml", blocking("v1", "/aaaa"));
    RuleSet loaded = RulesLoader.load(volume.file());
    engine = new ReloadableEngine(policy(loaded));
    watcher = new RulesWatcher(volume.file(), loaded, next -> engine.replace(policy(next)));
  }

  @AfterEach
  void stop() {
    watcher.close();
  }

  private StagedEngine policy(RuleSet rules) {
    return rules.engine(EngineMode.BLOCK, 0, counters);
  }

  private boolean denies(String path) {
    return engine.evaluate(PolicyTestKit.get(path, "10.0.0.1")) instanceof Decision.Deny;
  }

  @Test
  void anAtomicDataSwapPutsTheNewRulesInForce() throws Exception {
    assertThat(denies("/aaaa/x")).isTrue();
    assertThat(denies("/bbbb/x")).isFalse();

    volume.update(blocking("v2", "/bbbb"));
    watcher.poll();

    assertThat(denies("/aaaa/x")).as("the old rules are gone").isFalse();
    assertThat(denies("/bbbb/x")).as("the new rules are in force").isTrue();
    assertThat(watcher.version()).isEqualTo("v2");
    assertThat(watcher.reloads()).isEqualTo(1);
    assertThat(watcher.failures()).isZero();
  }

  @Test
  void aSwapToAFileOfTheSameSizeAndModificationTimeIsStillSeen() throws Exception {
    Path before = volume.realFile();
    FileTime mtime = Files.getLastModifiedTime(before);
    long size = Files.size(before);

    volume.update(blocking("v2", "/bbbb"), mtime);

    assertThat(Files.size(volume.file())).isEqualTo(size);
    assertThat(Files.getLastModifiedTime(volume.file())).isEqualTo(mtime);
    watcher.poll();
    assertThat(denies("/bbbb/x")).isTrue();
    assertThat(denies("/aaaa/x")).isFalse();
  }

  @Test
  void aBrokenSwapKeepsTheRulesInForceAndIsCountedOnce() throws Exception {
    volume.update("rules: [ {id: broken");
    watcher.poll();
    watcher.poll();

    assertThat(denies("/aaaa/x")).as("v1 still in force").isTrue();
    assertThat(watcher.version()).isEqualTo("v1");
    assertThat(watcher.failures()).isEqualTo(1);
    assertThat(watcher.reloads()).isZero();

    volume.update(blocking("v3", "/cccc"));
    watcher.poll();
    assertThat(denies("/cccc/x")).as("a fixed update is followed again").isTrue();
    assertThat(denies("/aaaa/x")).isFalse();
    assertThat(watcher.failures()).isEqualTo(1);
  }

  @Test
  void aKeyThatDisappearsKeepsTheRulesUntilItReturns() throws Exception {
    volume.removeKey();
    watcher.poll();
    watcher.poll();
    assertThat(denies("/aaaa/x")).as("v1 still in force").isTrue();
    assertThat(watcher.failures()).as("counted once, not at every poll").isEqualTo(1);

    volume.restoreKey(blocking("v1", "/aaaa"));
    watcher.poll();
    assertThat(watcher.reloads()).as("the same content is not a new version").isZero();

    volume.update(blocking("v2", "/bbbb"));
    watcher.poll();
    assertThat(denies("/bbbb/x")).isTrue();
    assertThat(watcher.reloads()).isEqualTo(1);
    assertThat(watcher.failures()).isEqualTo(1);
  }

  @Test
  void everyGenerationOfTheVolumeIsFollowedInTurn() throws Exception {
    for (int i = 2; i <= 5; i++) {
      volume.update(blocking("v" + i, "/p" + i));
      watcher.poll();
      assertThat(denies("/p" + i + "/x")).isTrue();
      assertThat(denies("/p" + (i - 1) + "/x")).isFalse();
    }
    assertThat(watcher.reloads()).isEqualTo(4);
    try (Stream<Path> entries = Files.list(dir)) {
      assertThat(entries.map(p -> p.getFileName().toString()))
          .as("old generations are deleted, as the kubelet does")
          .containsExactlyInAnyOrder("..data", "rules.yaml", "..2024_05_01_12_00_05.0");
    }
  }

  @Test
  void theTimerFollowsASwap() throws Exception {
    watcher.start(Duration.ofMillis(10));
    volume.update(blocking("v2", "/bbbb"));
    await().atMost(Duration.ofSeconds(10)).until(() -> denies("/bbbb/x"));
    assertThat(denies("/aaaa/x")).isFalse();
  }
}
