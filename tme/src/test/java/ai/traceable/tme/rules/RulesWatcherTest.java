package ai.traceable.tme.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RulesWatcherTest {
  @TempDir Path dir;

  private static String rules(String version) {
    return "version: " + version + "\nrules: [{id: r, when: {path: {prefix: /x}}}]\n";
  }

  @Test
  void aChangedValidFileIsHandedOverAndABrokenOneKeepsTheRulesInForce() throws Exception {
    Path file = Files.writeString(dir.resolve("rules.yaml"), rules("v1"));
    List<RuleSet> handed = new CopyOnWriteArrayList<>();
    try (RulesWatcher watcher = new RulesWatcher(file, RulesLoader.load(file), handed::add)) {
      watcher.poll();
      assertThat(handed).isEmpty();

      Files.writeString(file, rules("v2"));
      watcher.poll();
      assertThat(handed).extracting(RuleSet::version).containsExactly("v2");
      assertThat(watcher.version()).isEqualTo("v2");

      Files.writeString(file, "rules: [ {id: broken");
      watcher.poll();
      watcher.poll();
      assertThat(handed).hasSize(1);
      assertThat(watcher.failures()).isEqualTo(1);
      assertThat(watcher.version()).isEqualTo("v2");

      Files.delete(file);
      watcher.poll();
      watcher.poll();
      assertThat(watcher.failures()).as("a missing file counts once").isEqualTo(2);
      assertThat(watcher.version()).isEqualTo("v2");

      Files.writeString(file, rules("v3"));
      watcher.poll();
      assertThat(handed).extracting(RuleSet::version).containsExactly("v2", "v3");
      assertThat(watcher.reloads()).isEqualTo(2);
    }
  }

  @Test
  void theTimerPicksUpChanges() throws Exception {
    Path file = Files.writeString(dir.resolve("rules.yaml"), rules("v1"));
    List<RuleSet> handed = new CopyOnWriteArrayList<>();
    try (RulesWatcher watcher =
        new RulesWatcher(file, RulesLoader.load(file), handed::add).start(Duration.ofMillis(20))) {
      Files.writeString(file, rules("v9"));
      await().atMost(Duration.ofSeconds(10)).until(() -> !handed.isEmpty());
      assertThat(handed.get(0).version()).isEqualTo("v9");
    }
  }
}
