package ai.traceable.tme.load;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The tables of the tme / Apache + ModSecurity comparison, as Markdown: every measured run, then
 * per paranoia level and request shape the CPU of each WAF process per request, each WAF's own
 * share (the process with its rules minus the same process without them) and the ratios. Immutable.
 */
record CompareReport(List<Row> rows) {
  /** tme with CRS loaded (profile {@code all}, its own detectors as by default). */
  static final String TME_CRS = "tme+crs";

  /** tme with its bundled rules and detectors, no SecLang rules. */
  static final String TME = "tme";

  /** Apache httpd with ModSecurity 2 and CRS. */
  static final String APACHE_MODSEC = "apache+modsec";

  /** The same Apache configuration without ModSecurity. */
  static final String APACHE = "apache";

  /**
   * One measured run.
   *
   * @param paranoia CRS paranoia level; 0 for a server without CRS (it is the same at every level)
   * @param cpuMicros the server process's (and its children's) CPU per answered request; -1 when it
   *     could not be read
   */
  record Row(int paranoia, String scenario, String server, LoadResult result, double cpuMicros) {}

  CompareReport {
    rows = List.copyOf(rows);
  }

  /** Both tables. */
  String markdown() {
    return summary() + "\n" + runs();
  }

  /** Every run, one line each. */
  String runs() {
    StringBuilder out = new StringBuilder();
    out.append(
        "| paranoia | requests | server | requests/s | p50 µs | p99 µs | CPU µs/request |"
            + " allowed | denied | errors |\n");
    out.append("|---|---|---|---:|---:|---:|---:|---:|---:|---:|\n");
    for (Row row : rows) {
      LoadResult r = row.result();
      out.append(
          String.format(
              Locale.ROOT,
              "| %s | %s | %s | %,.0f | %,d | %,d | %s | %,d | %,d | %,d |%n",
              row.paranoia() == 0 ? "-" : Integer.toString(row.paranoia()),
              row.scenario(),
              row.server(),
              r.throughput(),
              r.latencyMicros().p50(),
              r.latencyMicros().p99(),
              micros(row.cpuMicros()),
              r.ok(),
              r.denied(),
              r.errors()));
    }
    return out.toString();
  }

  /**
   * Per paranoia level and request shape: CPU µs per request of each process, the WAF shares and
   * how many times more CPU ModSecurity takes than tme (process against process, and share against
   * share). A cell without its runs is {@code -}.
   */
  String summary() {
    StringBuilder out = new StringBuilder();
    out.append(
        "| paranoia | requests | tme + CRS | tme alone | CRS in tme | Apache + ModSecurity |"
            + " Apache alone | ModSecurity's own | ModSecurity / tme (process) |"
            + " ModSecurity's own / CRS in tme |\n");
    out.append("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    for (int paranoia : paranoiaLevels()) {
      for (String scenario : scenarios()) {
        Optional<Double> tmeCrs = cpu(paranoia, scenario, TME_CRS);
        Optional<Double> tme = cpu(0, scenario, TME);
        Optional<Double> modsec = cpu(paranoia, scenario, APACHE_MODSEC);
        Optional<Double> apache = cpu(0, scenario, APACHE);
        Optional<Double> crsShare = difference(tmeCrs, tme);
        Optional<Double> modsecShare = difference(modsec, apache);
        out.append(
            String.format(
                Locale.ROOT,
                "| %d | %s | %s | %s | %s | %s | %s | %s | %s | %s |%n",
                paranoia,
                scenario,
                micros(tmeCrs),
                micros(tme),
                micros(crsShare),
                micros(modsec),
                micros(apache),
                micros(modsecShare),
                ratio(modsec, tmeCrs),
                ratio(modsecShare, crsShare)));
      }
    }
    return out.toString();
  }

  /** Whether any run had errors or a benign request denied. */
  boolean hasErrors() {
    return rows.stream().anyMatch(r -> r.result().errors() > 0);
  }

  private List<Integer> paranoiaLevels() {
    Set<Integer> levels = new LinkedHashSet<>();
    rows.stream().filter(r -> r.paranoia() > 0).forEach(r -> levels.add(r.paranoia()));
    return new ArrayList<>(levels);
  }

  private List<String> scenarios() {
    Set<String> names = new LinkedHashSet<>();
    rows.forEach(r -> names.add(r.scenario()));
    return new ArrayList<>(names);
  }

  private Optional<Double> cpu(int paranoia, String scenario, String server) {
    return rows.stream()
        .filter(r -> r.paranoia() == paranoia)
        .filter(r -> r.scenario().equals(scenario) && r.server().equals(server))
        .filter(r -> r.cpuMicros() >= 0)
        .map(Row::cpuMicros)
        .findFirst();
  }

  private static Optional<Double> difference(Optional<Double> with, Optional<Double> without) {
    return with.flatMap(w -> without.map(wo -> w - wo));
  }

  private static String micros(double value) {
    return value < 0 ? "-" : String.format(Locale.ROOT, "%,.1f", value);
  }

  private static String micros(Optional<Double> value) {
    return value.map(v -> String.format(Locale.ROOT, "%,.1f", v)).orElse("-");
  }

  /** {@code a / b} as {@code 2.50x}; {@code -} when either is missing or b is not positive. */
  private static String ratio(Optional<Double> a, Optional<Double> b) {
    if (a.isEmpty() || b.isEmpty() || b.get() <= 0) {
      return "-";
    }
    return String.format(Locale.ROOT, "%.2fx", a.get() / b.get());
  }
}
