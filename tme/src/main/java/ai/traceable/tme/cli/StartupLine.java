package ai.traceable.tme.cli;

import ai.traceable.tme.Tme;
import ai.traceable.tme.config.TmeSettings;
import ai.traceable.tme.rules.RuleSet;
import java.util.Locale;

/** The one log line that says, at start-up, where tme listens and what it enforces. */
final class StartupLine {
  private StartupLine() {}

  static String of(Tme tme, TmeSettings settings, RuleSet rules) {
    var grpc = tme.server().binding().localAddress();
    return String.format(
        Locale.ROOT,
        "tme serving ext_authz on %s:%d (h2c), management on %s:%d; rules '%s' (%d entries from"
            + " %s, %d detection rules); mode %s; denials %d '%s'; capture %s",
        grpc.getAddress().getHostAddress(),
        grpc.getPort(),
        settings.management().iface(),
        settings.management().port(),
        rules.version(),
        rules.size(),
        rules.source(),
        rules.detection().rules().size(),
        settings.engine().mode().name().toLowerCase(Locale.ROOT),
        settings.blocking().statusCode(),
        settings.blocking().message(),
        settings.capture().enabled() ? "to " + settings.capture().endpoint() : "off");
  }
}
