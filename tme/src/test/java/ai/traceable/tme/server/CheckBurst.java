package ai.traceable.tme.server;

import io.envoyproxy.envoy.service.auth.v3.CheckRequest;
import io.envoyproxy.envoy.service.auth.v3.CheckResponse;
import io.grpc.CallOptions;
import io.grpc.Status;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;

/**
 * Sends {@code n} checks at once on one connection and records how each ended and how long it took,
 * measured from its own send to its own answer.
 */
final class CheckBurst {
  /** How the checks of one burst ended. */
  record Result(
      int answered,
      List<CheckResponse> responses,
      ConcurrentHashMap<Status.Code, AtomicLong> errors,
      long maxNanos) {

    Duration slowest() {
      return Duration.ofNanos(maxNanos);
    }

    long errorCount() {
      return errors.values().stream().mapToLong(AtomicLong::get).sum();
    }

    long errors(Status.Code code) {
      AtomicLong n = errors.get(code);
      return n == null ? 0 : n.get();
    }

    /** gRPC status codes of the responses (0 = allowed, 7 = denied). */
    long withCode(int code) {
      return responses.stream().filter(r -> r.getStatus().getCode() == code).count();
    }
  }

  private CheckBurst() {}

  /** Sends {@code n} checks, the i-th built by {@code request}; waits at most {@code within}. */
  static Result send(CheckClient client, int n, IntFunction<CheckRequest> request, Duration within)
      throws InterruptedException {
    CountDownLatch done = new CountDownLatch(n);
    List<CheckResponse> responses = new CopyOnWriteArrayList<>();
    ConcurrentHashMap<Status.Code, AtomicLong> errors = new ConcurrentHashMap<>();
    AtomicLong maxNanos = new AtomicLong();
    for (int i = 0; i < n; i++) {
      long sent = System.nanoTime();
      ClientCalls.asyncUnaryCall(
          client
              .channel()
              .newCall(
                  CheckClient.CHECK, CallOptions.DEFAULT.withDeadlineAfter(30, TimeUnit.SECONDS)),
          request.apply(i),
          new StreamObserver<>() {
            @Override
            public void onNext(CheckResponse response) {
              responses.add(response);
            }

            @Override
            public void onError(Throwable t) {
              errors
                  .computeIfAbsent(Status.fromThrowable(t).getCode(), c -> new AtomicLong())
                  .incrementAndGet();
              finished();
            }

            @Override
            public void onCompleted() {
              finished();
            }

            private void finished() {
              maxNanos.accumulateAndGet(System.nanoTime() - sent, Math::max);
              done.countDown();
            }
          });
    }
    if (!done.await(within.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new AssertionError(
          done.getCount() + " of " + n + " checks not answered within " + within);
    }
    return new Result(n, responses, errors, maxNanos.get());
  }
}
