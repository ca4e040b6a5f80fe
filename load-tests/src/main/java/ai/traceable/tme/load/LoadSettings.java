package ai.traceable.tme.load;

import java.time.Duration;
import java.util.Objects;

/**
 * One load run: where to send, what, how hard and for how long. Validated on construction;
 * immutable.
 *
 * @param host ext_authz server host name or address
 * @param port ext_authz server port (h2c)
 * @param scenario the requests to send
 * @param connections HTTP/2 connections, one gRPC channel each (Envoy opens one per worker)
 * @param concurrency requests in flight per connection: exactly this many in closed loop, at most
 *     this many in open loop
 * @param rate open loop: target checks per second over all connections; 0 selects closed loop
 * @param warmup time to run before measuring (JIT, connection set-up, pools)
 * @param duration measured time
 * @param timeout deadline of each check; a check that misses it counts as an error
 * @param progress print one progress line per second (to standard error)
 * @param protocol ext_authz Checks or ext_proc exchanges
 */
public record LoadSettings(
    String host,
    int port,
    Scenario scenario,
    int connections,
    int concurrency,
    double rate,
    Duration warmup,
    Duration duration,
    Duration timeout,
    boolean progress,
    Protocol protocol) {

  /** An ext_authz run. */
  public LoadSettings(
      String host,
      int port,
      Scenario scenario,
      int connections,
      int concurrency,
      double rate,
      Duration warmup,
      Duration duration,
      Duration timeout,
      boolean progress) {
    this(
        host,
        port,
        scenario,
        connections,
        concurrency,
        rate,
        warmup,
        duration,
        timeout,
        progress,
        Protocol.EXT_AUTHZ);
  }

  public LoadSettings {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(scenario, "scenario");
    Objects.requireNonNull(warmup, "warmup");
    Objects.requireNonNull(duration, "duration");
    Objects.requireNonNull(timeout, "timeout");
    Objects.requireNonNull(protocol, "protocol");
    require(!host.isBlank(), "host must not be empty");
    require(port > 0 && port < 65536, "port must be within 1-65535, was " + port);
    require(connections > 0, "connections must be positive, was " + connections);
    require(concurrency > 0, "concurrency must be positive, was " + concurrency);
    require(rate >= 0 && Double.isFinite(rate), "rate must be 0 (closed loop) or positive");
    require(!warmup.isNegative(), "warmup must not be negative");
    require(!duration.isNegative() && !duration.isZero(), "duration must be positive");
    require(!timeout.isNegative() && !timeout.isZero(), "timeout must be positive");
  }

  /** Closed loop with a 5 s timeout and no progress output. */
  public static LoadSettings closedLoop(
      String host,
      int port,
      Scenario scenario,
      int connections,
      int concurrency,
      Duration warmup,
      Duration duration) {
    return new LoadSettings(
        host,
        port,
        scenario,
        connections,
        concurrency,
        0,
        warmup,
        duration,
        Duration.ofSeconds(5),
        false);
  }

  /** The same run in open loop at {@code checksPerSecond}. */
  public LoadSettings withRate(double checksPerSecond) {
    return new LoadSettings(
        host,
        port,
        scenario,
        connections,
        concurrency,
        checksPerSecond,
        warmup,
        duration,
        timeout,
        progress,
        protocol);
  }

  /** The same run with or without progress lines. */
  public LoadSettings withProgress(boolean value) {
    return new LoadSettings(
        host,
        port,
        scenario,
        connections,
        concurrency,
        rate,
        warmup,
        duration,
        timeout,
        value,
        protocol);
  }

  /** The same run against {@code newPort}. */
  public LoadSettings withPort(int newPort) {
    return new LoadSettings(
        host,
        newPort,
        scenario,
        connections,
        concurrency,
        rate,
        warmup,
        duration,
        timeout,
        progress,
        protocol);
  }

  /** The same run speaking {@code value}. */
  public LoadSettings withProtocol(Protocol value) {
    return new LoadSettings(
        host,
        port,
        scenario,
        connections,
        concurrency,
        rate,
        warmup,
        duration,
        timeout,
        progress,
        value);
  }

  public boolean openLoop() {
    return rate > 0;
  }

  /** {@code closed} or {@code open}. */
  public String mode() {
    return openLoop() ? "open" : "closed";
  }

  /** {@code host:port}. */
  public String target() {
    return host.indexOf(':') >= 0 ? "[" + host + "]:" + port : host + ":" + port;
  }

  private static void require(boolean condition, String message) {
    if (!condition) {
      throw new IllegalArgumentException(message);
    }
  }
}
