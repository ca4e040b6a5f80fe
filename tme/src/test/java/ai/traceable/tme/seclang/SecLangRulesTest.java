package ai.traceable.tme.seclang;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.traceable.tme.engine.seclang.parse.SecLangSyntaxException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecLangRulesTest {
  @TempDir Path dir;

  private Path write(String name, String text) throws IOException {
    Path p = dir.resolve(name);
    Files.createDirectories(p.getParent());
    Files.writeString(p, text);
    return p;
  }

  private static String rule(long id) {
    return "SecAction \"id:" + id + ",phase:1,pass,nolog\"\n";
  }

  @Test
  void filesLoadInTheGivenOrderAndGlobMatchesInNameOrder() throws IOException {
    write("setup.conf", "SecRuleEngine DetectionOnly\n" + rule(1));
    write("rules/b.conf", rule(3));
    write("rules/a.conf", rule(2));
    write("rules/notes.txt", rule(4));
    SecLangRules rules =
        SecLangRules.load(
            List.of(dir.resolve("setup.conf").toString(), dir.resolve("rules/*.conf").toString()),
            SecLangProfile.ALL);
    assertThat(rules.engine().rules().phase(1)).extracting(r -> r.id()).containsExactly(1L, 2L, 3L);
    assertThat(rules.filesRead())
        .extracting(p -> p.getFileName().toString())
        .containsExactly("setup.conf", "a.conf", "b.conf");
  }

  @Test
  void aPatternThatMatchesNothingFailsTheLoadNamingIt() {
    String missing = dir.resolve("nothing/*.conf").toString();
    assertThatThrownBy(() -> SecLangRules.load(List.of(missing), SecLangProfile.ALL))
        .isInstanceOf(SecLangSyntaxException.class)
        .hasMessageContaining(missing)
        .hasMessageContaining("matches no file");
  }

  @Test
  void hybridRemovesTheCrsFamiliesTmeDetectsAndKeepsTheOthers() throws IOException {
    StringBuilder text = new StringBuilder();
    for (long id : new long[] {913100, 921120, 921200, 930100, 932100, 933100, 941100, 942100}) {
      text.append(rule(id));
    }
    text.append(rule(1_000_001));
    Path file = write("crs.conf", text.toString());
    List<Long> all = ids(SecLangRules.load(List.of(file.toString()), SecLangProfile.ALL));
    List<Long> hybrid = ids(SecLangRules.load(List.of(file.toString()), SecLangProfile.HYBRID));
    assertThat(all).hasSize(9);
    assertThat(hybrid).containsExactly(921200L, 933100L, 1_000_001L);
  }

  private static List<Long> ids(SecLangRules rules) {
    List<Long> ids = new ArrayList<>();
    rules.engine().rules().phase(1).forEach(r -> ids.add(r.id()));
    return ids;
  }

  @Test
  void aChangedFileReloadsAndABrokenOneKeepsTheRulesInForce() throws IOException {
    Path file = write("custom.conf", rule(1));
    write("data.txt", "one\n");
    SecLangRules first = SecLangRules.load(List.of(file.toString()), SecLangProfile.HYBRID);
    List<SecLangRules> seen = new ArrayList<>();
    try (SecLangWatcher watcher = new SecLangWatcher(first, seen::add)) {
      watcher.poll();
      assertThat(seen).isEmpty();

      Files.writeString(file, rule(1) + rule(2));
      watcher.poll();
      assertThat(seen).hasSize(1);
      assertThat(ids(seen.get(0))).containsExactly(1L, 2L);
      assertThat(watcher.version()).isEqualTo(seen.get(0).version()).isNotEqualTo(first.version());

      Files.writeString(file, "SecRule ARGS \"@nosuchop x\" \"id:3,phase:1\"\n");
      watcher.poll();
      watcher.poll();
      assertThat(seen).hasSize(1);
      assertThat(watcher.failures()).isEqualTo(1);
      assertThat(watcher.version()).isEqualTo(seen.get(0).version());

      Files.writeString(file, rule(5));
      watcher.poll();
      assertThat(seen).hasSize(2);
      assertThat(ids(seen.get(1))).containsExactly(5L);
      assertThat(watcher.reloads()).isEqualTo(2);
    }
  }

  @Test
  void aChangedDataFileReloadsTheRulesThatReadIt() throws IOException {
    write("words.data", "alpha\n");
    Path file =
        write(
            "custom.conf",
            "SecRule ARGS \"@pmFromFile words.data\" \"id:7,phase:2,deny,msg:'word'\"\n");
    SecLangRules first = SecLangRules.load(List.of(file.toString()), SecLangProfile.HYBRID);
    List<SecLangRules> seen = new ArrayList<>();
    try (SecLangWatcher watcher = new SecLangWatcher(first, seen::add)) {
      Files.writeString(dir.resolve("words.data"), "beta\n");
      watcher.poll();
      assertThat(seen).hasSize(1);
    }
  }

  @Test
  void aFileThatHadRulesAndIsEmptiedKeepsTheRulesInForceButOneEmptyFromTheStartMayChange()
      throws IOException {
    Path file = write("custom.conf", rule(1));
    Path empty = write("later.conf", "");
    SecLangRules first =
        SecLangRules.load(List.of(file.toString(), empty.toString()), SecLangProfile.HYBRID);
    List<SecLangRules> seen = new ArrayList<>();
    try (SecLangWatcher watcher = new SecLangWatcher(first, seen::add)) {
      Files.writeString(file, "");
      watcher.poll();
      assertThat(seen).isEmpty();
      assertThat(watcher.failures()).isEqualTo(1);

      Files.writeString(file, rule(1));
      Files.writeString(empty, rule(2));
      watcher.poll();
      assertThat(seen).hasSize(1);
      assertThat(ids(seen.get(0))).containsExactly(1L, 2L);

      Files.writeString(empty, "# no rules here for now\n");
      watcher.poll();
      assertThat(seen).hasSize(2);
      assertThat(ids(seen.get(1))).containsExactly(1L);
    }
  }
}
