package ai.traceable.tme.load;

import java.util.Locale;

/** What the generator speaks: ext_authz Checks, or ext_proc exchanges (one stream each). */
public enum Protocol {
  EXT_AUTHZ(CheckCalls::send),
  EXT_PROC(ExtProcCalls::send);

  private final Calls calls;

  Protocol(Calls calls) {
    this.calls = calls;
  }

  Calls calls() {
    return calls;
  }

  /** {@code ext_authz} or {@code ext_proc}. */
  public String cliName() {
    return name().toLowerCase(Locale.ROOT);
  }

  static Protocol byName(String name) {
    for (Protocol p : values()) {
      if (p.cliName().equals(name.trim().toLowerCase(Locale.ROOT).replace('-', '_'))) {
        return p;
      }
    }
    throw new IllegalArgumentException(
        "unknown protocol '" + name + "' (expected ext_authz or ext_proc)");
  }
}
