package ai.traceable.tme.engine.seclang.model;

import java.util.List;

/**
 * What a rule says about itself, for logs and for removal by tag or message.
 *
 * @param msg the message, with macros; null when none
 * @param logdata the log data, with macros; null when none
 * @param tags the tags, in order
 * @param severity 0 (emergency) .. 7 (debug), or -1 when none
 * @param ver the {@code ver} action, or null
 * @param rev the {@code rev} action, or null
 * @param log whether a match is logged ({@code nolog} turns it off)
 */
public record RuleMeta(
    Macro msg,
    Macro logdata,
    List<String> tags,
    int severity,
    String ver,
    String rev,
    boolean log) {

  public RuleMeta {
    tags = List.copyOf(tags);
  }

  /** The severity names of ModSecurity, by number. */
  public static final List<String> SEVERITIES =
      List.of("EMERGENCY", "ALERT", "CRITICAL", "ERROR", "WARNING", "NOTICE", "INFO", "DEBUG");

  /** The message as written, or an empty string. */
  public String msgSource() {
    return msg == null ? "" : msg.source();
  }
}
