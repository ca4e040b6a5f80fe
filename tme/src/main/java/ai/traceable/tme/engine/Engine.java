package ai.traceable.tme.engine;

import ai.traceable.tme.engine.inspect.RequestView;

/**
 * Decides whether a request may pass.
 *
 * <p>Implementations are immutable or otherwise thread-safe: one instance serves every connection
 * concurrently. {@link #evaluate} must not block on I/O.
 */
@FunctionalInterface
public interface Engine {

  /** Evaluates one request. May throw; {@link FailSafeEngine} turns that into a decision. */
  Decision evaluate(RequestView request);
}
