package ai.traceable.tme.rules;

import ai.traceable.tme.engine.RuleAction;
import ai.traceable.tme.engine.detect.AttackClass;
import ai.traceable.tme.engine.detect.DetectionSettings;
import ai.traceable.tme.engine.detect.DetectionStage;
import ai.traceable.tme.engine.detect.Detectors;
import ai.traceable.tme.engine.detect.Exclusion;
import ai.traceable.tme.engine.detect.RuleMode;
import ai.traceable.tme.engine.inspect.InspectionLimits;
import ai.traceable.tme.engine.policy.CustomPolicies;
import ai.traceable.tme.engine.policy.signatures.MatchRule;
import ai.traceable.tme.engine.policy.signatures.StringMatcher;
import ai.traceable.tme.engine.policy.sources.IpList;
import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Reads a YAML rules file and compiles it into a {@link RuleSet}. Every problem is reported as a
 * {@link RulesException} naming the file and the offending rule; nothing is half-loaded.
 *
 * <p>Stateless and thread-safe.
 */
public final class RulesLoader {
  /** Classpath location of the rules shipped with tme. */
  public static final String BUNDLED = "/rules/default-rules.yaml";

  /** Rules files larger than this are refused (a rules file is configuration, not data). */
  static final int MAX_FILE_BYTES = 16 * 1024 * 1024;

  private static final ObjectMapper YAML =
      new ObjectMapper(new YAMLFactory())
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

  private RulesLoader() {}

  /** Loads the rules shipped inside the jar. */
  public static RuleSet loadBundled() {
    try (InputStream in = RulesLoader.class.getResourceAsStream(BUNDLED)) {
      if (in == null) {
        throw new RulesException("bundled rules " + BUNDLED + " are missing from the classpath");
      }
      return parse(in.readAllBytes(), "bundled defaults");
    } catch (IOException e) {
      throw new RulesException("cannot read bundled rules: " + e.getMessage(), e);
    }
  }

  /** Loads a rules file from disk. */
  public static RuleSet load(Path file) {
    try {
      long size = Files.size(file);
      if (size > MAX_FILE_BYTES) {
        throw new RulesException(file + ": " + size + " bytes is larger than " + MAX_FILE_BYTES);
      }
      return parse(Files.readAllBytes(file), file.toString());
    } catch (IOException e) {
      throw new RulesException(file + ": cannot read: " + e, e);
    }
  }

  /** Parses and compiles YAML text. */
  public static RuleSet parse(byte[] yaml, String source) {
    if (new String(yaml, StandardCharsets.UTF_8).isBlank()) {
      throw new RulesException(source + ": the file is empty");
    }
    RulesFileModel.File model;
    try {
      JsonNode tree = YAML.readTree(yaml);
      if (tree == null || tree.isMissingNode() || tree.isNull()) {
        throw new RulesException(source + ": the file is empty");
      }
      model = YAML.treeToValue(tree, RulesFileModel.File.class);
    } catch (JacksonException e) {
      throw new RulesException(source + ": not a valid rules file: " + oneLine(e), e);
    } catch (IOException e) {
      throw new RulesException(source + ": cannot parse: " + oneLine(e), e);
    }
    try {
      return compile(model, source, yaml);
    } catch (IllegalArgumentException e) {
      throw new RulesException(source + ": " + e.getMessage(), e);
    } catch (RuntimeException e) {
      // A shape the validation above did not foresee: still a clear error, never a crash.
      throw new RulesException(source + ": invalid rules file: " + e, e);
    }
  }

  /**
   * The parser's message on one line, with the position it points at: YAML parser messages carry a
   * multi-line excerpt of the document, which would break one-line-per-record logs.
   */
  private static String oneLine(Exception e) {
    String message =
        e instanceof JacksonException je && je.getOriginalMessage() != null
            ? je.getOriginalMessage()
            : String.valueOf(e.getMessage());
    message = message.strip().replaceAll("\\s*\\R\\s*", "; ");
    if (e instanceof JacksonException je && je.getLocation() != null) {
      JsonLocation at = je.getLocation();
      if (at.getLineNr() > 0) {
        message += " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
      }
    }
    return message;
  }

  private static RuleSet compile(RulesFileModel.File model, String source, byte[] raw) {
    Set<String> ids = new HashSet<>();
    List<IpList> lists = new ArrayList<>();
    for (RulesFileModel.IpList l :
        Objects.requireNonNullElse(model.ipLists(), List.<RulesFileModel.IpList>of())) {
      if (l == null) {
        throw new IllegalArgumentException("'ipLists' holds an empty entry");
      }
      String id = requireId(l.id(), "ip list", ids);
      List<String> cidrs = Objects.requireNonNullElse(l.cidrs(), List.of());
      lists.add(IpList.compile(id, action(l.action(), id), cidrs));
    }
    List<MatchRule> rules = new ArrayList<>();
    for (RulesFileModel.Rule r :
        Objects.requireNonNullElse(model.rules(), List.<RulesFileModel.Rule>of())) {
      if (r == null) {
        throw new IllegalArgumentException("'rules' holds an empty entry");
      }
      String id = requireId(r.id(), "rule", ids);
      rules.add(compileRule(id, r));
    }
    String version = model.version() != null ? model.version() : "sha256:" + shortHash(raw);
    DetectionStage detection =
        new DetectionStage(Detectors.all(), detectionSettings(model.detection(), ids));
    CustomPolicies policies = PolicyCompiler.compile(model.policies(), ids);
    return new RuleSet(version, source, lists, rules, detection, policies);
  }

  private static DetectionSettings detectionSettings(RulesFileModel.Detection d, Set<String> ids) {
    DetectionSettings defaults = DetectionSettings.DEFAULTS;
    if (d == null) {
      return defaults;
    }
    Map<AttackClass, RuleMode> classes = new EnumMap<>(AttackClass.class);
    if (d.classes() != null) {
      for (Map.Entry<String, String> e : d.classes().entrySet()) {
        classes.put(AttackClass.parse(e.getKey()), mode(e.getValue(), "class " + e.getKey()));
      }
    }
    Map<String, RuleMode> rules = new LinkedHashMap<>();
    if (d.rules() != null) {
      for (Map.Entry<String, String> e : d.rules().entrySet()) {
        rules.put(e.getKey(), mode(e.getValue(), "rule " + e.getKey()));
      }
    }
    List<Exclusion> exclusions = new ArrayList<>();
    if (d.exclusions() != null) {
      for (RulesFileModel.Exclusion x : d.exclusions()) {
        if (x == null) {
          throw new IllegalArgumentException("'exclusions' holds an empty entry");
        }
        String id = requireId(x.id(), "exclusion", ids);
        Set<AttackClass> xc = EnumSet.noneOf(AttackClass.class);
        for (String c : Objects.requireNonNullElse(x.classes(), List.<String>of())) {
          xc.add(
              AttackClass.parse(Objects.requireNonNull(c, "exclusion '" + id + "': empty class")));
        }
        Set<String> xr = new HashSet<>(Objects.requireNonNullElse(x.rules(), List.of()));
        if (xr.contains(null)) {
          throw new IllegalArgumentException("exclusion '" + id + "': empty rule id");
        }
        if (xr.isEmpty() && xc.isEmpty() && x.path() == null && x.parameter() == null) {
          throw new IllegalArgumentException(
              "exclusion '" + id + "' needs at least one of rules, classes, path, parameter");
        }
        exclusions.add(new Exclusion(id, xr, xc, x.path(), x.parameter()));
      }
    }
    InspectionLimits l = defaults.limits();
    if (d.limits() != null) {
      RulesFileModel.Limits m = d.limits();
      l =
          new InspectionLimits(
              Objects.requireNonNullElse(m.maxBodyBytes(), l.maxBodyBytes()),
              Objects.requireNonNullElse(m.maxValues(), l.maxValues()),
              Objects.requireNonNullElse(m.maxValueChars(), l.maxValueChars()),
              Objects.requireNonNullElse(m.maxDepth(), l.maxDepth()));
    }
    int paranoia = Objects.requireNonNullElse(d.paranoia(), defaults.paranoia());
    int threshold =
        d.threshold() != null
            ? d.threshold()
            : d.paranoia() != null
                ? DetectionSettings.defaultThreshold(paranoia)
                : defaults.threshold();
    return new DetectionSettings(
        Objects.requireNonNullElse(d.enabled(), defaults.enabled()),
        threshold,
        paranoia,
        classes,
        rules,
        exclusions,
        l);
  }

  private static RuleMode mode(String value, String where) {
    if (value == null) {
      throw new IllegalArgumentException("detection " + where + ": empty mode");
    }
    try {
      return RuleMode.parse(value);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("detection " + where + ": " + e.getMessage(), e);
    }
  }

  private static MatchRule compileRule(String id, RulesFileModel.Rule r) {
    RulesFileModel.When when = r.when();
    if (when == null) {
      throw new IllegalArgumentException("rule '" + id + "': 'when' is required");
    }
    String where = "rule '" + id + "'";
    Map<String, StringMatcher> headers = new LinkedHashMap<>();
    if (when.headers() != null) {
      for (Map.Entry<String, RulesFileModel.Condition> h : when.headers().entrySet()) {
        headers.put(
            h.getKey().toLowerCase(Locale.ROOT),
            ConditionCompiler.matcher(h.getValue(), where + " header '" + h.getKey() + "'"));
      }
    }
    StringMatcher method =
        when.method() == null
            ? null
            : ConditionCompiler.matcher(when.method(), where + " method", true);
    StringMatcher path = optional(when.path(), where + " path");
    StringMatcher host = optional(when.host(), where + " host");
    if (method == null && path == null && host == null && headers.isEmpty()) {
      throw new IllegalArgumentException(where + ": 'when' needs at least one condition");
    }
    return new MatchRule(id, action(r.action(), id), method, path, host, headers);
  }

  private static StringMatcher optional(RulesFileModel.Condition c, String where) {
    return c == null ? null : ConditionCompiler.matcher(c, where);
  }

  /** Registers an entry's id in {@code seen}; rejects missing and duplicate ids. */
  static String requireId(String id, String kind, Set<String> seen) {
    if (id == null || id.isBlank()) {
      throw new IllegalArgumentException("every " + kind + " needs an 'id'");
    }
    if (!seen.add(id)) {
      throw new IllegalArgumentException("duplicate id '" + id + "'");
    }
    return id;
  }

  private static RuleAction action(String value, String id) {
    if (value == null) {
      return RuleAction.BLOCK;
    }
    try {
      return RuleAction.parse(value);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("'" + id + "': " + e.getMessage(), e);
    }
  }

  private static String shortHash(byte[] raw) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(raw);
      return HexFormat.of().formatHex(digest, 0, 6);
    } catch (NoSuchAlgorithmException e) {
      return Integer.toHexString(new String(raw, StandardCharsets.UTF_8).hashCode());
    }
  }
}
