package ai.traceable.tme.cli;

import ai.traceable.tme.Tme;
import ai.traceable.tme.config.PolicySettings;
import ai.traceable.tme.config.TmeSettings;
import ai.traceable.tme.engine.FailSafeEngine;
import ai.traceable.tme.engine.policy.limits.PolicyState;
import ai.traceable.tme.engine.policy.limits.SharedLimits;
import ai.traceable.tme.metrics.PolicyMeters;
import ai.traceable.tme.metrics.RulesMeters;
import ai.traceable.tme.metrics.TmeMetrics;
import ai.traceable.tme.rules.RuleSet;
import ai.traceable.tme.rules.RulesWatcher;
import ai.traceable.tme.seclang.SecLangRules;
import ai.traceable.tme.seclang.SecLangWatcher;
import ai.traceable.tme.sharedlimits.ReconciledLimits;
import com.typesafe.config.Config;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.function.LongSupplier;

/**
 * tme as {@code serve} runs it, once settings and rules are loaded: the policy counters (shared
 * through Redis when configured), the engine in force behind the {@code tme.engine.on-error} guard,
 * the watchers of the rules file and the SecLang rules, their meters, and {@link Tme}. One place
 * wires them, so that the command and the tests that exercise faults run the same composition.
 * {@link #close()}, once tme has stopped, stops the watchers and closes the counters.
 */
public final class Serving implements AutoCloseable {
  private final Tme tme;
  private final RulesWatcher rulesWatcher;
  private final SecLangWatcher secLangWatcher;
  private final PolicyState counters;
  private final RulesMeters rulesMeters; // the registry holds it weakly

  private Serving(
      Tme tme,
      RulesWatcher rulesWatcher,
      SecLangWatcher secLangWatcher,
      PolicyState counters,
      RulesMeters rulesMeters) {
    this.tme = tme;
    this.rulesMeters = rulesMeters;
    this.rulesWatcher = rulesWatcher;
    this.secLangWatcher = secLangWatcher;
    this.counters = counters;
  }

  /**
   * Builds the engine, starts the watchers and tme; returns once tme serves.
   *
   * @param rules the rule set loaded from {@code tme.engine.rules-file} (or the bundled one)
   * @param seclang the SecLang rules, or null when SecLang is off
   * @throws CompletionException when tme cannot start (see {@link Tme#start}); the actor system is
   *     terminated and the watchers stopped by then
   */
  public static Serving start(
      Config config, TmeSettings settings, RuleSet rules, SecLangRules seclang) {
    PolicyState counters = policyState(settings.policy());
    var engineSettings = settings.engine();
    EngineInForce inForce =
        new EngineInForce(
            engineSettings.mode(), engineSettings.trustedHops(), counters, rules, seclang);
    var engine = new FailSafeEngine(inForce.engine(), engineSettings.onError());
    Duration reload = engineSettings.reloadInterval();
    RulesMeters rulesMeters = new RulesMeters(rules.version());
    RulesWatcher rulesWatcher = null;
    if (engineSettings.rulesFile().isPresent() && !reload.isZero()) {
      rulesWatcher =
          new RulesWatcher(
                  engineSettings.rulesFile().get(),
                  rules,
                  next -> {
                    inForce.rules(next);
                    rulesMeters.reloaded(next.version());
                  })
              .start(reload);
    }
    SecLangWatcher secLangWatcher =
        seclang != null && !reload.isZero()
            ? new SecLangWatcher(seclang, inForce::seclang).start(reload)
            : null;
    Tme tme;
    try {
      tme = Tme.start(config, settings, engine).toCompletableFuture().join();
    } catch (CompletionException e) {
      new Serving(null, rulesWatcher, secLangWatcher, counters, rulesMeters).close();
      throw e;
    }
    MeterRegistry registry = TmeMetrics.get(tme.system()).registry();
    RulesWatcher rw = rulesWatcher;
    LongSupplier reloadFailures = rw == null ? () -> 0 : rw::failures;
    rulesMeters.bind(registry, reloadFailures);
    if (secLangWatcher != null) {
      rulesMeters.bindSecLang(registry, secLangWatcher::reloads, secLangWatcher::failures);
    }
    PolicyMeters.bind(counters, registry);
    return new Serving(tme, rulesWatcher, secLangWatcher, counters, rulesMeters);
  }

  /** Counters of rate limits and enumeration, kept across rule reloads; Redis when enabled. */
  private static PolicyState policyState(PolicySettings p) {
    SharedLimits shared =
        p.redis()
            .<SharedLimits>map(r -> ReconciledLimits.redis(r, p.maxKeys(), p.idleExpiry()))
            .orElse(null);
    return new PolicyState(
        p.maxKeys(), p.idleExpiry(), p.rateLimitStatus(), System::nanoTime, shared);
  }

  public Tme tme() {
    return tme;
  }

  /**
   * Stops watching the rules files and closes the counters (handing what they counted to Redis);
   * call it once tme has stopped ({@link Tme#stop()}).
   */
  @Override
  public void close() {
    if (rulesWatcher != null) {
      rulesWatcher.close();
    }
    if (secLangWatcher != null) {
      secLangWatcher.close();
    }
    counters.close();
  }
}
