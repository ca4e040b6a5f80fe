package ai.traceable.tme.load;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** Outcome counters of one phase of a run. Thread-safe: completions arrive on many threads. */
final class Tally {
  private final LongAdder ok = new LongAdder();
  private final LongAdder denied = new LongAdder();
  private final Map<String, LongAdder> errors = new ConcurrentHashMap<>();

  void ok() {
    ok.increment();
  }

  void denied() {
    denied.increment();
  }

  void error(String kind) {
    errors.computeIfAbsent(kind, k -> new LongAdder()).increment();
  }

  long okCount() {
    return ok.sum();
  }

  long deniedCount() {
    return denied.sum();
  }

  long errorCount() {
    return errors.values().stream().mapToLong(LongAdder::sum).sum();
  }

  Map<String, Long> errorsByKind() {
    Map<String, Long> out = new HashMap<>();
    errors.forEach((kind, count) -> out.put(kind, count.sum()));
    return out;
  }
}
