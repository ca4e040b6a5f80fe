package ai.traceable.tme.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RulesMetersTest {
  @Test
  void publishesTheVersionInForceAndReloadsByResult() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    AtomicLong failures = new AtomicLong();
    RulesMeters meters = new RulesMeters("v1");
    meters.bind(registry, failures::get);

    assertThat(registry.get("tme.rules.info").tag("version", "v1").gauge().value()).isEqualTo(1.0);

    meters.reloaded("v2");
    failures.set(3);

    assertThat(registry.find("tme.rules.info").gauges())
        .extracting(g -> g.getId().getTag("version"))
        .containsExactly("v2");
    assertThat(registry.get("tme.rules.reloads").tag("result", "success").functionCounter().count())
        .isEqualTo(1.0);
    assertThat(registry.get("tme.rules.reloads").tag("result", "failure").functionCounter().count())
        .isEqualTo(3.0);
  }

  @Test
  void reloadsBeforeBindingAreNotLost() {
    RulesMeters meters = new RulesMeters("v1");
    meters.reloaded("v7");
    SimpleMeterRegistry registry = new SimpleMeterRegistry();

    meters.bind(registry, () -> 0);

    Gauge info = registry.get("tme.rules.info").gauge();
    assertThat(info.getId().getTag("version")).isEqualTo("v7");
    assertThat(registry.get("tme.rules.reloads").tag("result", "success").functionCounter().count())
        .isEqualTo(1.0);
  }

  /** Micrometer holds a function counter's object weakly: a lambda only it refers to would go. */
  @Test
  void failureCountsStayReadableAfterGarbageCollection() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    RulesMeters meters = new RulesMeters("v1");
    AtomicLong failures = new AtomicLong(2);
    meters.bind(registry, () -> failures.get());
    meters.bindSecLang(registry, () -> 5, () -> failures.get() + 1);

    for (int i = 0; i < 5; i++) {
      System.gc();
    }

    assertThat(registry.get("tme.rules.reloads").tag("result", "failure").functionCounter().count())
        .isEqualTo(2.0);
    assertThat(
            registry.get("tme.seclang.reloads").tag("result", "success").functionCounter().count())
        .isEqualTo(5.0);
    assertThat(
            registry.get("tme.seclang.reloads").tag("result", "failure").functionCounter().count())
        .isEqualTo(3.0);
  }
}
