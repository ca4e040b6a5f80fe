package ai.traceable.tme.load;

import io.envoyproxy.envoy.service.auth.v3.CheckRequest;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A fixed, pre-built sequence of requests handed out round-robin, so building requests costs the
 * generator nothing while it runs. {@link #next()} is thread-safe.
 */
public final class RequestPool {
  private final List<CheckRequest> requests;
  private final boolean[] attacks;
  private final AtomicLong cursor = new AtomicLong();

  RequestPool(List<CheckRequest> requests, boolean[] attacks) {
    if (requests.isEmpty() || requests.size() != attacks.length) {
      throw new IllegalArgumentException("a pool needs requests, each marked attack or not");
    }
    this.requests = List.copyOf(requests);
    this.attacks = attacks.clone();
  }

  /** The next request, cycling through the pool. */
  public CheckRequest next() {
    return requests.get((int) Math.floorMod(cursor.getAndIncrement(), (long) requests.size()));
  }

  public int size() {
    return requests.size();
  }

  /** The {@code i}-th request of the pool. */
  public CheckRequest get(int i) {
    return requests.get(i);
  }

  /** Whether the {@code i}-th request is an attack that tme's bundled rules deny. */
  public boolean isAttack(int i) {
    return attacks[i];
  }

  /** How many requests of the pool are attacks. */
  public int attackCount() {
    int n = 0;
    for (boolean attack : attacks) {
      n += attack ? 1 : 0;
    }
    return n;
  }
}
