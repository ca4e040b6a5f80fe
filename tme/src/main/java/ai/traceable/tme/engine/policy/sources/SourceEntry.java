package ai.traceable.tme.engine.policy.sources;

import ai.traceable.tme.engine.policy.PolicyAction;
import java.time.Duration;

/**
 * One entry of the {@code sources} policy: an action for a set of addresses, optionally only for a
 * while after the rule set was loaded.
 *
 * @param expiresAfter how long after loading the entry applies; zero: for as long as it is loaded
 */
public record SourceEntry(String id, PolicyAction action, Duration expiresAfter) {

  /** Whether the entry still applies at {@code now}, for rules loaded at {@code loadedAt}. */
  public boolean active(long loadedAt, long now) {
    return expiresAfter.isZero() || now - loadedAt < expiresAfter.toNanos();
  }
}
