package ai.traceable.tme.engine.inspect;

import java.util.HashSet;
import java.util.Set;

/**
 * The names one request has already had inspected, per placement. Requests carry few distinct
 * names, repeated many times (the keys of each object in a JSON array, which the JSON parser hands
 * over as the same string instance), so the first {@link #SMALL} are kept in arrays and compared by
 * reference, then by value; only a request with more distinct names pays for a hash set. Not
 * thread-safe; one per request.
 */
final class SeenNames {
  static final int SMALL = 32;

  private final String[] names = new String[SMALL];
  private final Placement[] placements = new Placement[SMALL];
  private int count;
  private Set<String> more;

  /** Records {@code name} in {@code placement}; true when it had not been seen before. */
  boolean firstTime(Placement placement, String name) {
    for (int i = 0; i < count; i++) {
      String seen = names[i];
      if ((seen == name || seen.equals(name)) && placements[i] == placement) {
        return false;
      }
    }
    if (count < SMALL) {
      names[count] = name;
      placements[count] = placement;
      count++;
      return true;
    }
    if (more == null) {
      more = new HashSet<>();
    }
    return more.add(placement.ordinal() + name);
  }
}
