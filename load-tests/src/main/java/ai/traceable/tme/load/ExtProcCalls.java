package ai.traceable.tme.load;

import io.envoyproxy.envoy.service.auth.v3.CheckRequest;
import io.envoyproxy.envoy.service.auth.v3.CheckResponse;
import io.envoyproxy.envoy.service.ext_proc.v3.ExternalProcessorGrpc;
import io.envoyproxy.envoy.service.ext_proc.v3.ProcessingRequest;
import io.envoyproxy.envoy.service.ext_proc.v3.ProcessingResponse;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.Status;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * One whole ext_proc exchange per call, as Envoy's filter drives it: a stream on which the request
 * headers (and body), then the response headers and body, are each sent once the previous message
 * was answered. The exchange counts as allowed when every message was answered, as denied when an
 * {@code ImmediateResponse} ended it, and its latency is that of the whole stream. Envoy's own
 * grpc-java classes. Thread-safe; the callbacks of one stream run one at a time on the channel's
 * executor.
 */
final class ExtProcCalls {
  private static final CheckResponse ALLOWED =
      CheckResponse.newBuilder()
          .setStatus(com.google.rpc.Status.newBuilder().setCode(Status.Code.OK.value()))
          .build();
  private static final CheckResponse DENIED =
      CheckResponse.newBuilder()
          .setStatus(
              com.google.rpc.Status.newBuilder().setCode(Status.Code.PERMISSION_DENIED.value()))
          .build();

  /** The pool's requests as exchanges, built once each. */
  private static final Map<CheckRequest, List<ProcessingRequest>> EXCHANGES =
      new ConcurrentHashMap<>();

  private ExtProcCalls() {}

  static void send(
      Channel channel,
      CheckRequest request,
      Duration timeout,
      long startNanos,
      Measurements measurements,
      CheckCalls.Continuation then) {
    List<ProcessingRequest> messages = EXCHANGES.computeIfAbsent(request, ExtProcExchanges::of);
    CallOptions options =
        CallOptions.DEFAULT.withDeadlineAfter(timeout.toNanos(), TimeUnit.NANOSECONDS);
    Stream stream = new Stream(messages, startNanos, measurements, then);
    stream.out =
        ClientCalls.asyncBidiStreamingCall(
            channel.newCall(ExternalProcessorGrpc.getProcessMethod(), options), stream);
    stream.out.onNext(messages.get(0));
  }

  private static final class Stream implements StreamObserver<ProcessingResponse> {
    private final List<ProcessingRequest> messages;
    private final long startNanos;
    private final Measurements measurements;
    private final CheckCalls.Continuation then;
    private StreamObserver<ProcessingRequest> out;
    private int answered;
    private boolean recorded;

    Stream(
        List<ProcessingRequest> messages,
        long startNanos,
        Measurements measurements,
        CheckCalls.Continuation then) {
      this.messages = messages;
      this.startNanos = startNanos;
      this.measurements = measurements;
      this.then = then;
    }

    @Override
    public void onNext(ProcessingResponse response) {
      answered++;
      if (response.hasImmediateResponse()) {
        record(DENIED);
        out.onCompleted();
      } else if (answered < messages.size()) {
        out.onNext(messages.get(answered));
      } else {
        record(ALLOWED);
        out.onCompleted();
      }
    }

    private void record(CheckResponse outcome) {
      recorded = true;
      measurements.answered(outcome, startNanos, System.nanoTime());
    }

    @Override
    public void onError(Throwable error) {
      measurements.failed(Status.fromThrowable(error), startNanos);
      then.finished(true);
    }

    @Override
    public void onCompleted() {
      if (!recorded) {
        measurements.failed(
            Status.INTERNAL.withDescription("stream ended before the exchange"), startNanos);
      }
      then.finished(!recorded);
    }
  }
}
