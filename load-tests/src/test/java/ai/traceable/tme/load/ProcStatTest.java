package ai.traceable.tme.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class ProcStatTest {
  // pid (comm) state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime
  private static final String APACHE =
      "24905 (apache2) S 24903 24903 24903 0 -1 4194624 9137 0 0 0 1234 567 0 0 20 0 18 0"
          + " 4077045 1155272704 8163 18446744073709551615 1 1 0 0 0 0 0 4096 0 0 0 0 17 1 0 0"
          + " 0 0 0 0 0 0 0 0 0 0 0";

  @Test
  void addsUserAndSystemTime() {
    assertEquals(1234 + 567, ProcStat.cpuTicks(APACHE));
  }

  @Test
  void countsFieldsAfterACommandNameWithSpacesAndParentheses() {
    String odd = APACHE.replace("(apache2)", "(web (worker) 1)");

    assertEquals(1234 + 567, ProcStat.cpuTicks(odd));
  }

  @Test
  void refusesWhatIsNotAStatLine() {
    assertThrows(IllegalArgumentException.class, () -> ProcStat.cpuTicks("no parenthesis"));
    assertThrows(IllegalArgumentException.class, () -> ProcStat.cpuTicks("1 (x) S 1 2 3"));
  }

  @Test
  void readsThisProcessAndItsChildren() {
    OptionalLong own = ProcStat.cpuTicks(ProcessHandle.current().pid());
    OptionalLong tree = ProcStat.treeCpuTicks(ProcessHandle.current());

    // only where /proc exists (Linux); elsewhere both are empty
    assertEquals(own.isPresent(), tree.isPresent());
    if (own.isPresent()) {
      assertTrue(tree.getAsLong() >= own.getAsLong());
    }
  }

  @Test
  void microsecondsPerRequestFromTwoReadings() {
    // 150 ticks = 1.5 s of CPU over 3,000 requests
    assertEquals(500.0, ProcStat.microsPer(OptionalLong.of(50), OptionalLong.of(200), 3000));
    assertEquals(-1, ProcStat.microsPer(OptionalLong.empty(), OptionalLong.of(200), 3000));
    assertEquals(-1, ProcStat.microsPer(OptionalLong.of(50), OptionalLong.of(200), 0));
  }
}
