package ai.traceable.tme.engine;

import ai.traceable.tme.engine.inspect.RequestView;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * An engine whose implementation can be replaced while checks are running: each evaluation reads
 * the current engine once, so it runs entirely on either the old or the new rules, never a mix. It
 * is the only place the rules in force change: the server holds it as a plain {@link Engine}, and
 * the rules watcher calls {@link #replace}. Thread-safe.
 */
public final class ReloadableEngine implements Engine {
  private final AtomicReference<Engine> current;

  public ReloadableEngine(Engine initial) {
    this.current = new AtomicReference<>(Objects.requireNonNull(initial, "initial"));
  }

  @Override
  public Decision evaluate(RequestView request) {
    return current.get().evaluate(request);
  }

  /** Makes {@code next} the engine for every evaluation that starts from now on. */
  public void replace(Engine next) {
    current.set(Objects.requireNonNull(next, "next"));
  }
}
