package ai.traceable.tme.capture;

import static org.assertj.core.api.Assertions.assertThat;

import ai.traceable.tme.config.CaptureSettings;
import java.time.Duration;
import java.util.List;
import org.apache.pekko.Done;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.testkit.TestPublisher;
import org.apache.pekko.stream.testkit.TestSubscriber;
import org.apache.pekko.stream.testkit.javadsl.TestSink;
import org.apache.pekko.stream.testkit.javadsl.TestSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** The capture stream's stages between probes: batching, and export with its retries. */
class CaptureStreamTest {
  private static final ActorTestKit testKit = ActorTestKit.create();
  private static final Duration WAIT = Duration.ofSeconds(5);

  @AfterAll
  static void stop() {
    testKit.shutdownTestKit();
  }

  private static byte[] span(int bytes) {
    return new byte[bytes];
  }

  private static Pair<TestPublisher.Probe<byte[]>, TestSubscriber.Probe<List<byte[]>>> batching(
      CaptureSettings s) {
    return TestSource.<byte[]>create(testKit.system())
        .via(CapturePipeline.batching(s))
        .toMat(TestSink.create(testKit.system()), org.apache.pekko.stream.javadsl.Keep.both())
        .run(testKit.system());
  }

  @Test
  void aBatchClosesAtTheRecordCount() {
    var probes = batching(CapturePipelineTest.settings(100, 3, 1 << 20, Duration.ofSeconds(30), 0));
    probes.second().request(10);
    for (int i = 0; i < 7; i++) {
      probes.first().sendNext(span(10));
    }

    assertThat(probes.second().expectNext(WAIT)).hasSize(3);
    assertThat(probes.second().expectNext(WAIT)).hasSize(3);
    probes.first().sendComplete();
    assertThat(probes.second().expectNext(WAIT)).hasSize(1);
    probes.second().expectComplete();
  }

  @Test
  void aBatchClosesBeforeItWouldPassTheByteLimit() {
    var probes = batching(CapturePipelineTest.settings(100, 1000, 250, Duration.ofSeconds(30), 0));
    probes.second().request(10);
    for (int i = 0; i < 5; i++) {
      probes.first().sendNext(span(100));
    }

    assertThat(probes.second().expectNext(WAIT)).hasSize(2);
    assertThat(probes.second().expectNext(WAIT)).hasSize(2);
    probes.first().sendComplete();
    assertThat(probes.second().expectNext(WAIT)).hasSize(1);
  }

  @Test
  void aPartialBatchLeavesWhenItsDelayIsUp() {
    Duration delay = Duration.ofMillis(300);
    var probes = batching(CapturePipelineTest.settings(100, 1000, 1 << 20, delay, 0));
    probes.second().request(10);
    probes.first().sendNext(span(10)).sendNext(span(10));

    probes.second().expectNoMessage(Duration.ofMillis(100));
    assertThat(probes.second().expectNext(WAIT)).hasSize(2);
  }

  private Pair<TestPublisher.Probe<List<byte[]>>, TestSubscriber.Probe<Done>> exporting(
      CapturePipeline pipeline) {
    return TestSource.<List<byte[]>>create(testKit.system())
        .via(pipeline.exporting())
        .toMat(TestSink.create(testKit.system()), org.apache.pekko.stream.javadsl.Keep.both())
        .run(testKit.system());
  }

  private static CapturePipeline pipeline(int retries, CapturePipelineTest.FakeAgent agent) {
    CaptureSettings s =
        CapturePipelineTest.settings(100, 10, 1 << 20, Duration.ofSeconds(30), retries);
    return new CapturePipeline(testKit.system(), s, Records.encoder(), agent);
  }

  private static List<byte[]> batchOf(SpanEncoder encoder, int records) {
    return java.util.stream.IntStream.range(0, records)
        .mapToObj(i -> encoder.spanBytes(Records.simple(i)))
        .toList();
  }

  @Test
  void a503IsRetriedAfterABackoffAndThenExported() {
    CapturePipelineTest.FakeAgent agent =
        new CapturePipelineTest.FakeAgent(call -> call == 1 ? 503 : 200);
    CapturePipeline p = pipeline(3, agent);
    var probes = exporting(p);

    probes.second().request(1);
    probes.first().sendNext(batchOf(Records.encoder(), 4));

    assertThat(probes.second().expectNext(WAIT)).isEqualTo(Done.getInstance());
    assertThat(agent.calls.get()).isEqualTo(2);
    assertThat(agent.batches).containsExactly(4);
    assertThat(p.counters().exported()).isEqualTo(4);
    assertThat(p.counters().exportAttempts()).isEqualTo(2);
  }

  @Test
  void afterTheLastRetryTheBatchIsCountedAsLost() {
    CapturePipelineTest.FakeAgent agent = new CapturePipelineTest.FakeAgent(call -> 503);
    CapturePipeline p = pipeline(2, agent);
    var probes = exporting(p);

    probes.second().request(1);
    probes.first().sendNext(batchOf(Records.encoder(), 3));

    assertThat(probes.second().expectNext(WAIT)).isEqualTo(Done.getInstance());
    assertThat(agent.calls.get()).isEqualTo(3);
    assertThat(p.counters().droppedRetriesExhausted()).isEqualTo(3);
    assertThat(p.counters().batchesFailed()).isEqualTo(1);
    assertThat(p.counters().exported()).isZero();
  }
}
