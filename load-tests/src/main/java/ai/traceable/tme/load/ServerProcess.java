package ai.traceable.tme.load;

import io.envoyproxy.envoy.service.auth.v3.AuthorizationGrpc;
import io.envoyproxy.envoy.service.auth.v3.CheckResponse;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;

/**
 * An ext_authz server running as its own JVM for the benchmark, with its output in a log file.
 * Closing it sends SIGTERM and, if it has not exited within 30 s, kills it. Not thread-safe.
 */
final class ServerProcess implements AutoCloseable {
  /** Linux reports CPU times in /proc in clock ticks; USER_HZ is 100 on every mainstream kernel. */
  static final long TICKS_PER_SECOND = ProcStat.TICKS_PER_SECOND;

  private final String name;
  private final Process process;
  private final Path log;

  private ServerProcess(String name, Process process, Path log) {
    this.name = name;
    this.process = process;
    this.log = log;
  }

  static ServerProcess start(String name, List<String> command, Map<String, String> env, Path log)
      throws IOException {
    ProcessBuilder builder =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().keySet().removeIf(key -> key.startsWith("TME_"));
    builder.environment().putAll(env);
    return new ServerProcess(name, builder.start(), log);
  }

  long pid() {
    return process.pid();
  }

  String name() {
    return name;
  }

  Path log() {
    return log;
  }

  /**
   * Waits until a {@code Check} on {@code port} is answered with status 0: the server is bound, has
   * its rules and answers. Polls every 100 ms.
   *
   * @throws IllegalStateException if the process exits or the timeout passes first
   */
  void awaitServing(String host, int port, Duration timeout) throws InterruptedException {
    ManagedChannel channel = NettyChannelBuilder.forAddress(host, port).usePlaintext().build();
    try {
      long deadline = System.nanoTime() + timeout.toNanos();
      while (System.nanoTime() - deadline < 0) {
        if (!process.isAlive()) {
          throw new IllegalStateException(
              name + " exited with " + process.exitValue() + " before serving; see " + log);
        }
        if (answersOk(channel)) {
          return;
        }
        TimeUnit.MILLISECONDS.sleep(100);
      }
      throw new IllegalStateException(name + " not serving after " + timeout + "; see " + log);
    } finally {
      channel.shutdownNow();
    }
  }

  private static boolean answersOk(ManagedChannel channel) {
    try {
      CheckResponse response =
          AuthorizationGrpc.newBlockingStub(channel)
              .withDeadlineAfter(1, TimeUnit.SECONDS)
              .check(Scenario.BENIGN.pool().get(0));
      return response.getStatus().getCode() == 0;
    } catch (StatusRuntimeException e) {
      // a server that answers gRPC but has no Check (the no-op ext_proc server) is serving too
      return e.getStatus().getCode() == io.grpc.Status.Code.UNIMPLEMENTED;
    }
  }

  /**
   * User plus system CPU time the process has used so far, in clock ticks, from {@code
   * /proc/<pid>/stat}; empty where there is no such file (not Linux).
   */
  OptionalLong cpuTicks() {
    return ProcStat.cpuTicks(process.pid());
  }

  /** As {@link #cpuTicks()}, plus the live child processes' (a forking server such as Apache). */
  OptionalLong treeCpuTicks() {
    return ProcStat.treeCpuTicks(process.toHandle());
  }

  /** Whether the process is still running. */
  boolean isAlive() {
    return process.isAlive();
  }

  /** Sends SIGTERM (on Linux, {@link Process#destroy()}) and returns at once. */
  void sigterm() {
    process.destroy();
  }

  /**
   * Waits for the process to exit.
   *
   * @return the exit status, or empty if it still runs after {@code timeout}
   */
  OptionalInt awaitExit(Duration timeout) throws InterruptedException {
    if (!process.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
      return OptionalInt.empty();
    }
    return OptionalInt.of(process.exitValue());
  }

  /**
   * Sends SIGTERM and waits for the exit; kills the process if it takes longer than 30 s.
   *
   * @return the exit status
   */
  int stop() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      process.waitFor();
    }
    return process.exitValue();
  }

  /** Stops the process if it still runs; if interrupted, kills it. */
  @Override
  public void close() {
    if (process.isAlive()) {
      try {
        stop();
      } catch (InterruptedException e) {
        process.destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }
  }
}
