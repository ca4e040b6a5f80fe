package ai.traceable.tme.rules;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * The rules file as written by users, before validation. Field names are the YAML keys; unknown
 * keys are rejected so a typo cannot silently disable a rule.
 */
final class RulesFileModel {
  private RulesFileModel() {}

  record File(
      @JsonProperty("version") String version,
      @JsonProperty("ipLists") List<IpList> ipLists,
      @JsonProperty("rules") List<Rule> rules,
      @JsonProperty("detection") Detection detection,
      @JsonProperty("policies") Policies policies) {}

  /** Custom policies: evaluated before attack detection, see docs/rules.md for the order. */
  record Policies(
      @JsonProperty("sources") List<Source> sources,
      @JsonProperty("rateLimits") List<RateLimit> rateLimits,
      @JsonProperty("enumeration") List<Enumeration> enumeration,
      @JsonProperty("signatures") List<Signature> signatures) {}

  record Source(
      @JsonProperty("id") String id,
      @JsonProperty("description") String description,
      @JsonProperty("action") String action,
      @JsonProperty("cidrs") List<String> cidrs,
      @JsonProperty("expiresAfter") String expiresAfter) {}

  record RateLimit(
      @JsonProperty("id") String id,
      @JsonProperty("description") String description,
      @JsonProperty("action") String action,
      @JsonProperty("key") List<String> key,
      @JsonProperty("methods") List<String> methods,
      @JsonProperty("paths") List<String> paths,
      @JsonProperty("limit") Integer limit,
      @JsonProperty("period") String period,
      @JsonProperty("window") String window,
      @JsonProperty("burst") Integer burst,
      @JsonProperty("blockFor") String blockFor,
      @JsonProperty("status") Integer status) {}

  record Enumeration(
      @JsonProperty("id") String id,
      @JsonProperty("description") String description,
      @JsonProperty("action") String action,
      @JsonProperty("key") List<String> key,
      @JsonProperty("methods") List<String> methods,
      @JsonProperty("path") String path,
      @JsonProperty("parameter") String parameter,
      @JsonProperty("bodyField") String bodyField,
      @JsonProperty("limit") Integer limit,
      @JsonProperty("period") String period,
      @JsonProperty("blockFor") String blockFor,
      @JsonProperty("status") Integer status) {}

  record Signature(
      @JsonProperty("id") String id,
      @JsonProperty("description") String description,
      @JsonProperty("action") String action,
      @JsonProperty("when") List<Clause> when) {}

  /** Either one test ({@code target}, {@code operator}, {@code value}) or a group. */
  record Clause(
      @JsonProperty("target") String target,
      @JsonProperty("name") String name,
      @JsonProperty("operator") String operator,
      @JsonProperty("value") String value,
      @JsonProperty("ignoreCase") Boolean ignoreCase,
      @JsonProperty("all") List<Clause> all,
      @JsonProperty("any") List<Clause> any) {}

  record Detection(
      @JsonProperty("enabled") Boolean enabled,
      @JsonProperty("threshold") Integer threshold,
      @JsonProperty("paranoia") Integer paranoia,
      @JsonProperty("classes") Map<String, String> classes,
      @JsonProperty("rules") Map<String, String> rules,
      @JsonProperty("exclusions") List<Exclusion> exclusions,
      @JsonProperty("limits") Limits limits) {}

  record Exclusion(
      @JsonProperty("id") String id,
      @JsonProperty("rules") List<String> rules,
      @JsonProperty("classes") List<String> classes,
      @JsonProperty("path") String path,
      @JsonProperty("parameter") String parameter) {}

  record Limits(
      @JsonProperty("maxBodyBytes") Integer maxBodyBytes,
      @JsonProperty("maxValues") Integer maxValues,
      @JsonProperty("maxValueChars") Integer maxValueChars,
      @JsonProperty("maxDepth") Integer maxDepth) {}

  record IpList(
      @JsonProperty("id") String id,
      @JsonProperty("action") String action,
      @JsonProperty("cidrs") List<String> cidrs) {}

  record Rule(
      @JsonProperty("id") String id,
      @JsonProperty("description") String description,
      @JsonProperty("action") String action,
      @JsonProperty("when") When when) {}

  record When(
      @JsonProperty("method") Condition method,
      @JsonProperty("path") Condition path,
      @JsonProperty("host") Condition host,
      @JsonProperty("headers") Map<String, Condition> headers) {}

  record Condition(
      @JsonProperty("equals") String equals,
      @JsonProperty("prefix") String prefix,
      @JsonProperty("suffix") String suffix,
      @JsonProperty("contains") String contains,
      @JsonProperty("containsAny") List<String> containsAny,
      @JsonProperty("regex") String regex,
      @JsonProperty("in") List<String> in,
      @JsonProperty("ignoreCase") Boolean ignoreCase) {}
}
