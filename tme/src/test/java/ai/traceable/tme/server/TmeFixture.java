package ai.traceable.tme.server;

import ai.traceable.tme.Tme;
import ai.traceable.tme.config.TmeConfig;
import ai.traceable.tme.config.TmeSettings;
import ai.traceable.tme.engine.Engine;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Starts tme in-process on ephemeral ports, without exiting the JVM on shutdown. */
final class TmeFixture implements AutoCloseable {
  final Tme tme;
  final TmeSettings settings;

  private TmeFixture(Tme tme, TmeSettings settings) {
    this.tme = tme;
    this.settings = settings;
  }

  static Config config(Map<String, Object> overrides) {
    Map<String, Object> values = new HashMap<>();
    values.put("tme.grpc.port", 0);
    values.put("tme.management.interface", "127.0.0.1");
    values.put("tme.management.port", freePort());
    values.put("tme.grpc.unready-delay", "0s");
    values.put("tme.capture.enabled", false);
    values.put("pekko.coordinated-shutdown.run-by-jvm-shutdown-hook", "off");
    values.putAll(overrides);
    return TmeConfig.load(ConfigFactory.parseMap(values));
  }

  /**
   * Overrides that turn capture on towards {@code endpoint}, with batches and retries short enough
   * for a test to wait on; a mutable map, for the caller to add to.
   */
  static Map<String, Object> captureTo(String endpoint) {
    Map<String, Object> o = new HashMap<>();
    o.put("tme.capture.enabled", true);
    o.put("tme.capture.endpoint", endpoint);
    o.put("tme.capture.batch.max-delay", "50ms");
    o.put("tme.capture.retry.initial-backoff", "20ms");
    o.put("tme.capture.retry.max-backoff", "100ms");
    return o;
  }

  static TmeFixture start(Map<String, Object> overrides, Engine engine) throws Exception {
    Config config = config(overrides);
    TmeSettings settings = TmeSettings.fromConfig(config);
    Tme tme = Tme.start(config, settings, engine).toCompletableFuture().get(30, TimeUnit.SECONDS);
    return new TmeFixture(tme, settings);
  }

  TmeSettings settings() {
    return settings;
  }

  Tme tme() {
    return tme;
  }

  ExtAuthzServer server() {
    return tme.server();
  }

  InetSocketAddress grpcAddress() {
    return tme.server().binding().localAddress();
  }

  static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close()
      throws java.util.concurrent.ExecutionException, java.util.concurrent.TimeoutException {
    try {
      tme.stop().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
