package ai.traceable.tme.engine.detect;

import ai.traceable.tme.engine.detect.nosqli.NoSqlDetector;
import ai.traceable.tme.engine.detect.scanner.ScannerDetector;
import ai.traceable.tme.engine.detect.ssrf.SsrfDetector;
import ai.traceable.tme.engine.detect.traversal.TraversalDetector;
import ai.traceable.tme.engine.detect.xxe.XxeDetector;
import java.util.List;

/** Every detector tme ships, in the order they run (cheap and decisive ones first). */
public final class Detectors {
  private static final List<Detector> ALL =
      List.of(
          new ScannerDetector(),
          new TraversalDetector(),
          new SsrfDetector(),
          new XxeDetector(),
          new NoSqlDetector());

  private Detectors() {}

  public static List<Detector> all() {
    return ALL;
  }
}
