package ai.traceable.tme.load;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * CPU time of processes from Linux's {@code /proc/<pid>/stat}: user plus system time in clock
 * ticks. Stateless.
 */
final class ProcStat {
  /** Linux reports CPU times in /proc in clock ticks; USER_HZ is 100 on every mainstream kernel. */
  static final long TICKS_PER_SECOND = 100;

  private ProcStat() {}

  /**
   * utime + stime (fields 14 and 15) of one {@code /proc/<pid>/stat} line.
   *
   * @throws IllegalArgumentException if the line is not a stat line
   */
  static long cpuTicks(String statLine) {
    // the command name (field 2) may contain spaces and parentheses: count after the last ')'
    int close = statLine.lastIndexOf(')');
    if (close < 0 || close + 2 > statLine.length()) {
      throw new IllegalArgumentException("not a /proc/<pid>/stat line: " + statLine);
    }
    String[] fields = statLine.substring(close + 2).trim().split(" ");
    if (fields.length < 13) {
      throw new IllegalArgumentException("too few fields in /proc/<pid>/stat: " + statLine);
    }
    // fields[0] is field 3 (state); utime and stime are fields 14 and 15
    return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
  }

  /** The CPU ticks of {@code pid} so far; empty where there is no such file (not Linux, gone). */
  static OptionalLong cpuTicks(long pid) {
    try {
      return OptionalLong.of(
          cpuTicks(
              Files.readString(
                  Path.of("/proc", Long.toString(pid), "stat"), StandardCharsets.US_ASCII)));
    } catch (IOException | RuntimeException e) {
      return OptionalLong.empty();
    }
  }

  /**
   * The CPU ticks of {@code process} and every live descendant (Apache's worker children), summed.
   * A child that exited before the reading is not counted, so callers keep children alive for the
   * whole window (Apache: no child recycling). Empty when the process itself cannot be read.
   */
  static OptionalLong treeCpuTicks(ProcessHandle process) {
    OptionalLong own = cpuTicks(process.pid());
    if (own.isEmpty()) {
      return own;
    }
    long sum = own.getAsLong();
    for (ProcessHandle child : process.descendants().toList()) {
      sum += cpuTicks(child.pid()).orElse(0);
    }
    return OptionalLong.of(sum);
  }

  /** Microseconds of CPU per request between two readings; -1 when either is missing. */
  static double microsPer(OptionalLong before, OptionalLong after, long requests) {
    if (before.isEmpty() || after.isEmpty() || requests <= 0) {
      return -1;
    }
    return (after.getAsLong() - before.getAsLong()) * (1e6 / TICKS_PER_SECOND) / requests;
  }
}
