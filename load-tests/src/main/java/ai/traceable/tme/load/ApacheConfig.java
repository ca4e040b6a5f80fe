package ai.traceable.tme.load;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * An Apache httpd configuration for the comparison, generated at run time: one event-MPM child with
 * a fixed pool of threads (no child recycling, so the CPU of every worker stays countable),
 * keep-alive without a request limit, every path answered with one small static file (the backend
 * costs as little as Apache can serve), no access log, and with {@code modSecurity} the ModSecurity
 * 2 module with the engine settings and CRS of {@link CrsSetup}. Immutable.
 *
 * @param root a private directory: the static file, pid file, error log and ModSecurity's temp
 * @param port loopback port to listen on
 * @param modules where Apache's modules are ({@code /usr/lib/apache2/modules} on Debian)
 * @param threads worker threads of the child (at least the number of client connections)
 * @param crs the CRS files and the engine settings file to load; null for Apache alone
 * @param engineConf the engine settings file written from {@code crs}; null for Apache alone
 * @param switchUser whether to run the child as {@code nobody} (Apache refuses to serve as root)
 */
record ApacheConfig(
    Path root,
    int port,
    Path modules,
    int threads,
    CrsSetup crs,
    Path engineConf,
    boolean switchUser) {

  /** The file every request is answered with. */
  static final String DOCUMENT = "index.html";

  ApacheConfig {
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be at least 1, got " + threads);
    }
    if ((crs == null) != (engineConf == null)) {
      throw new IllegalArgumentException("ModSecurity needs both CRS and the engine settings");
    }
  }

  boolean modSecurity() {
    return crs != null;
  }

  /** The modules loaded, in order; ModSecurity 2 needs mod_unique_id. */
  List<String> moduleNames() {
    List<String> names = new ArrayList<>(List.of("mpm_event", "authz_core", "alias"));
    if (modSecurity()) {
      names.add("unique_id");
      names.add("security2");
    }
    return names;
  }

  /** The configuration file's text. */
  String render() {
    StringBuilder conf = new StringBuilder();
    conf.append("# generated for the tme / ModSecurity comparison\n");
    line(conf, "ServerRoot", quoted(root));
    line(conf, "DefaultRuntimeDir", quoted(root));
    line(conf, "PidFile", quoted(root.resolve("httpd.pid")));
    line(conf, "Listen", "127.0.0.1:" + port);
    line(conf, "ServerName", "localhost");
    line(conf, "ErrorLog", quoted(root.resolve("error.log")));
    line(conf, "LogLevel", "warn");
    if (switchUser) {
      line(conf, "User", "nobody");
      line(conf, "Group", "nogroup");
    }
    for (String module : moduleNames()) {
      String file = module.equals("security2") ? "mod_security2.so" : "mod_" + module + ".so";
      line(conf, "LoadModule", module + "_module " + quoted(modules.resolve(file)));
    }
    for (String directive :
        List.of(
            "StartServers 1",
            "ServerLimit 1",
            "ThreadLimit " + threads,
            "ThreadsPerChild " + threads,
            "MaxRequestWorkers " + threads,
            "MinSpareThreads 1",
            "MaxSpareThreads " + threads,
            "MaxConnectionsPerChild 0",
            "KeepAlive On",
            "MaxKeepAliveRequests 0",
            "KeepAliveTimeout 60")) {
      conf.append(directive).append('\n');
    }
    line(conf, "DocumentRoot", quoted(root));
    line(conf, "AliasMatch", "\"^/.*\" " + quoted(root.resolve(DOCUMENT)));
    conf.append("<Directory ").append(quoted(root)).append(">\n  Require all granted\n");
    conf.append("</Directory>\n");
    if (modSecurity()) {
      line(conf, "SecAuditEngine", "Off");
      line(conf, "SecTmpDir", quoted(root));
      line(conf, "SecDataDir", quoted(root));
      line(conf, "Include", quoted(engineConf.toAbsolutePath()));
      line(conf, "Include", quoted(crs.setupFile()));
      line(conf, "Include", quoted(crs.rulesGlob()));
    }
    return conf.toString();
  }

  private static void line(StringBuilder conf, String directive, String value) {
    conf.append(directive).append(' ').append(value).append('\n');
  }

  private static String quoted(Path path) {
    return "\"" + path.toAbsolutePath() + "\"";
  }
}
