package ai.traceable.tme.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import org.junit.jupiter.api.Test;

class ServerProbeTest {
  @Test
  void liveHeapIsTheBytesOfTheHistogramsTotalLine() throws IOException {
    String histogram =
        """
        12345:
         num     #instances         #bytes  class name (module)
        -------------------------------------------------------
           1:         51234        4561232  [B (java.base@17.0.15)
           2:          9000         216000  java.lang.String (java.base@17.0.15)
        Total        912345       61234567
        """;

    assertEquals(61_234_567L, ServerProbe.histogramTotalBytes(histogram));
  }

  @Test
  void aHistogramWithoutTotalIsAnError() {
    assertThrows(
        IOException.class,
        () -> ServerProbe.histogramTotalBytes("12345:\ncom.sun.tools.attach.AttachNotSupported"));
  }

  @Test
  void gaugesAreSummedOverLabelSetsAndNotConfusedWithLongerNames() throws IOException {
    String metrics =
        """
        # HELP tme_connection_actors Connection actors alive
        # TYPE tme_connection_actors gauge
        tme_connection_actors 4.0
        tme_connection_actors_started_total 17.0
        jvm_threads_live_threads 41.0
        jvm_memory_used_bytes{area="heap",id="G1 Eden Space"} 1000.0
        jvm_memory_used_bytes{area="heap",id="G1 Old Gen"} 2500.0
        """;

    assertEquals(4, ServerProbe.gauge(metrics, "tme_connection_actors"));
    assertEquals(41, ServerProbe.gauge(metrics, "jvm_threads_live_threads"));
    assertEquals(3500, ServerProbe.gauge(metrics, "jvm_memory_used_bytes"));
    assertThrows(IOException.class, () -> ServerProbe.gauge(metrics, "tme_checks_in_flight"));
  }
}
