package ai.traceable.tme.load;

import io.envoyproxy.envoy.service.auth.v3.AuthorizationGrpc;
import io.envoyproxy.envoy.service.auth.v3.CheckRequest;
import io.envoyproxy.envoy.service.auth.v3.CheckResponse;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.StreamObserver;
import java.net.ConnectException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A closed loop of Checks with Envoy's client that remembers every check: its own {@code
 * x-request-id}, when it was sent and answered, and how it ended. Each loop sends its next check as
 * soon as the previous one is answered, and ends at its first failure or once told to stop.
 * Thread-safe.
 */
final class TrackedChecks implements AutoCloseable {
  /**
   * How one check ended.
   *
   * @param checkCode the answer's {@code status.code} (0 allowed, 7 denied); -1 when the call
   *     failed
   * @param error the call's gRPC status when it failed, else null
   */
  record Outcome(String requestId, long sentNanos, long endedNanos, int checkCode, Status error) {
    boolean answered() {
      return error == null;
    }

    /** The call never reached tme: the channel could not connect (a closed port). */
    boolean refusedConnection() {
      for (Throwable t = error == null ? null : error.getCause(); t != null; t = t.getCause()) {
        if (t instanceof ConnectException) {
          return true;
        }
      }
      return false;
    }

    String describe() {
      return error == null ? "answered " + checkCode : error + " cause " + error.getCause();
    }
  }

  private final List<ManagedChannel> channels = new ArrayList<>();
  private final int concurrency;
  private final RequestPool pool = Scenario.BENIGN.pool();
  private final AtomicLong sequence = new AtomicLong();
  private final AtomicLong inFlight = new AtomicLong();
  private final Queue<Outcome> outcomes = new ConcurrentLinkedQueue<>();
  private final CountDownLatch loopsEnded;
  private volatile boolean stopping;

  TrackedChecks(String host, int port, int connections, int concurrency) {
    for (int i = 0; i < connections; i++) {
      channels.add(NettyChannelBuilder.forAddress(host, port).usePlaintext().build());
    }
    this.concurrency = concurrency;
    this.loopsEnded = new CountDownLatch(connections * concurrency);
  }

  void start() {
    for (ManagedChannel channel : channels) {
      for (int i = 0; i < concurrency; i++) {
        send(channel);
      }
    }
  }

  private void send(ManagedChannel channel) {
    if (stopping) {
      loopsEnded.countDown();
      return;
    }
    String id = "shutdown-" + sequence.incrementAndGet();
    CheckRequest base = pool.next();
    CheckRequest.Builder request = base.toBuilder();
    request
        .getAttributesBuilder()
        .getRequestBuilder()
        .getHttpBuilder()
        .putHeaders("x-request-id", id);
    long sent = System.nanoTime();
    inFlight.incrementAndGet();
    ClientCalls.asyncUnaryCall(
        channel.newCall(
            AuthorizationGrpc.getCheckMethod(),
            CallOptions.DEFAULT.withDeadlineAfter(10, TimeUnit.SECONDS)),
        request.build(),
        new StreamObserver<CheckResponse>() {
          private int code = -1;

          @Override
          public void onNext(CheckResponse response) {
            code = response.getStatus().getCode();
          }

          @Override
          public void onError(Throwable t) {
            inFlight.decrementAndGet();
            outcomes.add(new Outcome(id, sent, System.nanoTime(), -1, Status.fromThrowable(t)));
            loopsEnded.countDown();
          }

          @Override
          public void onCompleted() {
            inFlight.decrementAndGet();
            outcomes.add(new Outcome(id, sent, System.nanoTime(), code, null));
            send(channel);
          }
        });
  }

  /** Checks sent and not yet ended. */
  long inFlight() {
    return inFlight.get();
  }

  long answered() {
    return outcomes.stream().filter(Outcome::answered).count();
  }

  /** Sends no further checks and waits until every loop has ended. */
  boolean stop(Duration timeout) throws InterruptedException {
    stopping = true;
    return loopsEnded.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
  }

  List<Outcome> outcomes() {
    return List.copyOf(outcomes);
  }

  @Override
  public void close() throws InterruptedException {
    stopping = true;
    for (ManagedChannel channel : channels) {
      channel.shutdownNow();
    }
    for (ManagedChannel channel : channels) {
      channel.awaitTermination(5, TimeUnit.SECONDS);
    }
  }
}
