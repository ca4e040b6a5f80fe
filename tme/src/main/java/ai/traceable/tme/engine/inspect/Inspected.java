package ai.traceable.tme.engine.inspect;

import java.util.Locale;
import java.util.Objects;

/**
 * One value of a request, as detectors see it: where it came from, its raw form and its decoded
 * form. Not thread-safe (it caches its lower-case form); each instance belongs to one evaluation.
 *
 * <p>{@link #decoded()} has been through the decoding chain of {@code engine.decode.Decoding}: URL
 * decoding (repeated, for double encoding), {@code %uXXXX}, {@code \\uXXXX} and {@code \\xXX}
 * escapes, HTML entities, NUL removal and Unicode compatibility folding (full-width forms). Case is
 * kept. Class-specific normalisation (SQL comments, shell quoting, path segments) is each
 * detector's own business.
 */
public final class Inspected {
  private final Placement placement;
  private final String name;
  private final String raw;
  private final String decoded;
  private String lower;

  public Inspected(Placement placement, String name, String raw, String decoded) {
    this.placement = Objects.requireNonNull(placement, "placement");
    this.name = Objects.requireNonNullElse(name, "");
    this.raw = Objects.requireNonNullElse(raw, "");
    this.decoded = Objects.requireNonNullElse(decoded, this.raw);
  }

  public Placement placement() {
    return placement;
  }

  /** Argument, header, cookie or field name; empty for the path and whole bodies. */
  public String name() {
    return name;
  }

  public String raw() {
    return raw;
  }

  public String decoded() {
    return decoded;
  }

  /** {@link #decoded()} in lower case (ROOT locale), computed once. */
  public String lower() {
    String l = lower;
    if (l == null) {
      l = decoded.toLowerCase(Locale.ROOT);
      lower = l;
    }
    return l;
  }

  /**
   * Where the value sits, for findings: {@code query:id}, {@code header:user-agent}, {@code path}.
   */
  public String location() {
    return name.isEmpty() ? placement.key() : placement.key() + ":" + name;
  }

  @Override
  public String toString() {
    return location() + "=" + raw;
  }
}
