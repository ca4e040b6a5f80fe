package ai.traceable.tme.engine.detect;

import ai.traceable.tme.engine.decode.Decoding;
import ai.traceable.tme.engine.inspect.InputExtractor;
import ai.traceable.tme.engine.inspect.Inspected;
import ai.traceable.tme.engine.inspect.Inspection;
import ai.traceable.tme.engine.inspect.InspectionLimits;
import ai.traceable.tme.engine.inspect.Placement;
import ai.traceable.tme.engine.inspect.RequestJson;
import ai.traceable.tme.engine.inspect.RequestView;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedWriter;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

/**
 * Writes every finding of every detector over the test corpora, simple mutations of their values
 * and seeded random values to a file, one line per finding, so that two builds of the detectors can
 * be compared with {@code diff}: an optimisation of the detectors must leave the file unchanged.
 * Run from the repository root with the test class path:
 *
 * <pre>{@code java -cp ... ai.traceable.tme.engine.detect.DetectionDump /tmp/dump.txt [randoms]}
 * </pre>
 */
public final class DetectionDump {
  private static final String[] ALPHABETS = {
    "'\"`;()=-#/*|&<>@!~:.,+ \t\n0123456789xabORANDunionSELECTsleep\u00a0\ufffd",
    "<>/=\"'` \t\n(){}[];:.,+-!?&#%$\\aejlnorstvxyACS01\u0000\u00e9\uff1c\ud800",
    "./\\:%$[]{}<>!&;\"' -_0123456789abcdefxu@#=?\n\u2215\uff0e",
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 -_.,/:;=?&%+",
  };

  /** Fragments that reach deeper into the detectors than single characters. */
  private static final String[] WORDS = {
    "http://",
    "https://evil.example/",
    "//evil.example",
    "javascript:",
    "data:text/html,",
    "<script>",
    "alert(",
    "eval(",
    "${",
    "#{",
    "{{",
    "%{",
    "<!--#exec",
    "(|(uid=*))",
    "*)(",
    "__proto__",
    "constructor",
    "prototype",
    "$where",
    "function()",
    "sleep(",
    "this.",
    "java.lang.Runtime",
    "ProcessBuilder",
    "rO0AB",
    "aced0005",
    "O:8:\"stdClass\"",
    "php://",
    "phar://",
    "system(",
    "passthru",
    "cmd.exe",
    "/c ",
    "powershell",
    "-enc ",
    "%COMSPEC%",
    "set /a",
    "\\\\server\\share",
    "file://",
    "include=",
    ".git/",
    ".env",
    "wp-config.php.bak",
    "server-status",
    "RCPT TO:",
    "\r\nBcc:",
    "A001 LOGIN",
    "Transfer-Encoding: chunked",
    "Content-Length: 0",
    "GET / HTTP/1.1",
    "document.cookie=",
    "http-equiv=set-cookie",
    "require('child_process')",
    "process.mainModule",
    "top['al'+'ert']",
    "`${alert(1)}`",
    "\\u0061lert",
    "&lt;script&gt;",
    "&#x3c;",
    "query{__schema{types{name}}}",
    "' OR 1=1--",
    "UNION SELECT",
    "../../etc/passwd",
    "..\\..\\windows\\win.ini",
    "169.254.169.254",
    "<!ENTITY x SYSTEM",
    "{\"$gt\":\"\"}",
    "jndi:ldap://",
    ";jsessionid=",
    "PHPSESSID",
    "@import",
    "expression(",
    "onerror=",
    "ping -c 1",
    "| id",
    "$(id)",
    "`id`",
    "nc -e",
    "bytes=0-,1-",
  };

  private static final String[] NAMES = {
    "v",
    "q",
    "url",
    "next",
    "redirect_uri",
    "returnTo",
    "r",
    "host",
    "file",
    "page",
    "include",
    "PHPSESSID",
    "jsessionid",
    "sid",
    "session",
    "__proto__",
    "constructor[prototype]",
    "query",
    "filter",
    "to",
    "cmd",
    "template",
    "x-forwarded-host",
    "callback",
    "user.name",
    "a.b.c",
  };

  private static final Placement[] PLACEMENTS = {
    Placement.QUERY,
    Placement.HEADER,
    Placement.COOKIE,
    Placement.JSON,
    Placement.FORM,
    Placement.PATH,
    Placement.PATH_SEGMENT,
    Placement.QUERY_NAME,
    Placement.JSON_KEY,
    Placement.MULTIPART,
    Placement.FILE_NAME,
    Placement.XML,
    Placement.TEXT,
  };

  private final List<Detector> detectors = Detectors.all();
  private final Gates gates = new Gates(detectors.toArray(new Detector[0]));
  private final InputExtractor extractor = new InputExtractor(InspectionLimits.DEFAULTS);
  private final DetectionStage defaults =
      new DetectionStage(detectors, DetectionSettings.DEFAULTS, 0);
  private final DetectionStage everything;
  private final BufferedWriter out;

  private DetectionDump(BufferedWriter out) {
    this.out = out;
    Map<AttackClass, RuleMode> all = new EnumMap<>(AttackClass.class);
    for (AttackClass c : AttackClass.values()) {
      all.put(c, RuleMode.BLOCK);
    }
    this.everything =
        new DetectionStage(
            detectors,
            new DetectionSettings(true, 5, 4, all, Map.of(), List.of(), InspectionLimits.DEFAULTS),
            0);
  }

  public static void main(String[] args) throws IOException {
    int randoms = args.length > 1 ? Integer.parseInt(args[1]) : 60_000;
    try (BufferedWriter w = Files.newBufferedWriter(Path.of(args[0]), StandardCharsets.UTF_8)) {
      new DetectionDump(w).run(randoms);
    }
  }

  private void run(int randoms) throws IOException {
    List<RequestView> corpus = corpus(Path.of("tme/src/test/resources"));
    Random random = new Random(20261207L);
    int n = 0;
    for (RequestView r : corpus) {
      String id = "c" + n++;
      request(id, r);
      int k = 0;
      for (Inspected v : sorted(extractor.extract(r).values())) {
        for (String m : mutations(v.raw(), random)) {
          value(id + "." + k++, v.placement(), v.name(), m);
        }
      }
    }
    for (int i = 0; i < randoms; i++) {
      String s = randomValue(random);
      String name = NAMES[random.nextInt(NAMES.length)];
      Placement p = PLACEMENTS[random.nextInt(PLACEMENTS.length)];
      value("r" + i, p, name, s);
      if (i % 4 == 0) {
        request("rq" + i, randomRequest(random, name, s));
      }
    }
  }

  private static List<RequestView> corpus(Path root) throws IOException {
    ObjectMapper json = new ObjectMapper();
    List<Path> files;
    try (Stream<Path> walk = Files.walk(root)) {
      files =
          walk.filter(f -> f.toString().endsWith(".jsonl"))
              .filter(
                  f ->
                      Stream.of("/corpus/", "/breadth/", "/holdout/")
                          .anyMatch(d -> f.toString().contains(d)))
              .sorted()
              .toList();
    }
    List<RequestView> out = new ArrayList<>();
    for (Path f : files) {
      for (String line : Files.readAllLines(f, StandardCharsets.UTF_8)) {
        if (!line.isBlank()) {
          out.add(RequestJson.parse(json.readTree(line)));
        }
      }
    }
    return out;
  }

  /**
   * The findings of one request, sorted: header order differs from one JVM to the next, so only
   * what does not depend on the order of values is written (which rules a stage found and its
   * score, every value's findings, every request-level finding).
   */
  private void request(String id, RequestView r) {
    List<String> lines = new ArrayList<>();
    for (DetectionStage stage : List.of(defaults, everything)) {
      var result = stage.inspect(r, true);
      List<String> ids = result.findings().stream().map(f -> f.ruleId()).sorted().toList();
      lines.add(
          "S"
              + (stage == everything ? 4 : 1)
              + "\t"
              + ids
              + "\t"
              + result.score()
              + "/"
              + result.shadowScore()
              + "/"
              + result.limited());
    }
    Inspection inspection = new Inspection(r, extractor);
    List<Inspected> values = inspection.inputs().values();
    for (Detector d : detectors) {
      if (d instanceof RequestDetector rd) {
        rd.inspectRequest(
            inspection,
            (rule, where, snippet) ->
                lines.add("Q\t" + rule.id() + "@" + where.location() + "\t" + escape(snippet)));
      }
      for (Inspected v : values) {
        boolean shut = (gates.open(v) & (1L << detectors.indexOf(d))) == 0;
        d.inspect(
            v,
            (rule, snippet) ->
                lines.add(
                    "V "
                        + v.location()
                        + " "
                        + escape(v.raw())
                        + "\t"
                        + rule.id()
                        + "\t"
                        + escape(snippet)));
      }
    }
    lines.sort(null);
    for (String l : lines) {
      line(id, l);
    }
  }

  private static List<Inspected> sorted(List<Inspected> values) {
    List<Inspected> s = new ArrayList<>(values);
    s.sort(
        java.util.Comparator.comparing((Inspected v) -> v.placement().ordinal())
            .thenComparing(Inspected::name)
            .thenComparing(Inspected::raw));
    return s;
  }

  private void line(String id, String text) {
    try {
      out.write(id + "\t" + text + "\n");
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private void value(String id, Placement p, String name, String raw) {
    boolean plusIsSpace = p == Placement.QUERY || p == Placement.FORM;
    Inspected v = new Inspected(p, name, raw, Decoding.decode(raw, plusIsSpace));
    long open = gates.open(v);
    for (int i = 0; i < detectors.size(); i++) {
      boolean shut = (open & (1L << i)) == 0;
      detectors
          .get(i)
          .inspect(
              v,
              (rule, snippet) ->
                  line(id, p.key(), rule.id() + (shut ? " GATE-SHUT" : ""), snippet));
    }
  }

  private void line(String id, String where, String what, String snippet) {
    try {
      out.write(id + "\t" + where + "\t" + what + "\t" + escape(snippet) + "\n");
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static String escape(String s) {
    StringBuilder b = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x20 || c == '\\' || c > 0x7e) {
        b.append(String.format("\\u%04x", (int) c));
      } else {
        b.append(c);
      }
    }
    return b.toString();
  }

  private static List<String> mutations(String raw, Random random) {
    List<String> m = new ArrayList<>();
    m.add(raw.toUpperCase(Locale.ROOT));
    m.add(URLEncoder.encode(raw, StandardCharsets.UTF_8));
    if (raw.length() > 1) {
      m.add(raw.substring(0, raw.length() / 2));
      m.add(raw.substring(raw.length() / 2));
      StringBuilder b = new StringBuilder(raw);
      b.setCharAt(random.nextInt(b.length()), "'\"<>;|&/\\(){}$ \n".charAt(random.nextInt(16)));
      m.add(b.toString());
      m.add(raw + " " + WORDS[random.nextInt(WORDS.length)]);
    }
    return m;
  }

  private static String randomValue(Random random) {
    int length = random.nextInt(40);
    StringBuilder b = new StringBuilder(length + 32);
    String alphabet = ALPHABETS[random.nextInt(ALPHABETS.length)];
    while (b.length() < length) {
      if (random.nextInt(6) == 0) {
        b.append(WORDS[random.nextInt(WORDS.length)]);
      } else {
        b.append(alphabet.charAt(random.nextInt(alphabet.length())));
      }
    }
    return b.toString();
  }

  private static RequestView randomRequest(Random random, String name, String value) {
    String enc = URLEncoder.encode(value, StandardCharsets.UTF_8);
    String header = value.replaceAll("[\\r\\n\\u0000]", " ");
    Map<String, List<String>> headers = new LinkedHashMap<>();
    String[] hosts = {"shop.example.com", "evil.example", "", "127.0.0.1:8080"};
    String host = hosts[random.nextInt(hosts.length)];
    if (random.nextBoolean()) {
      headers.put(
          "referer",
          List.of(
              "https://" + hosts[random.nextInt(hosts.length)] + "/x?sid=1&" + name + "=" + enc));
    }
    headers.put("x-" + name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]", ""), List.of(header));
    headers.put("cookie", List.of(name + "=" + enc + "; sid=abcdef0123456789abcd"));
    String[] extra = {
      "content-length",
      "transfer-encoding",
      "range",
      "content-type",
      "origin",
      "x-http-method-override"
    };
    String e = extra[random.nextInt(extra.length)];
    headers.put(e, List.of(header));
    headers.put(
        "content-type",
        List.of(random.nextBoolean() ? "application/json" : "application/x-www-form-urlencoded"));
    String body =
        headers.get("content-type").get(0).equals("application/json")
            ? "{\"" + name + "\":" + jsonString(value) + ",\"a\":{\"" + name + "\":1}}"
            : name + "=" + enc + "&" + name + "=2";
    String[] paths = {"/p", "/login", "/redirect/", "/out/", "/a;jsessionid=", "/graphql", "/"};
    String path = paths[random.nextInt(paths.length)] + (random.nextBoolean() ? enc : "");
    String[] methods = {"GET", "POST", "PUT", "TRACE", "PROPFIND"};
    return new RequestView(
        methods[random.nextInt(methods.length)],
        path + "?" + name + "=" + enc + "&" + NAMES[random.nextInt(NAMES.length)] + "=" + enc,
        host,
        headers,
        body.getBytes(StandardCharsets.UTF_8),
        false,
        "198.51.100.23",
        51234);
  }

  private static String jsonString(String s) {
    StringBuilder b = new StringBuilder("\"");
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"' || c == '\\') {
        b.append('\\').append(c);
      } else if (c < 0x20) {
        b.append(String.format("\\u%04x", (int) c));
      } else {
        b.append(c);
      }
    }
    return b.append('"').toString();
  }
}
