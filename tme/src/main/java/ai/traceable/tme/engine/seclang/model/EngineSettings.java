package ai.traceable.tme.engine.seclang.model;

/**
 * The engine directives of a rule set, with ModSecurity's defaults where the files say nothing.
 *
 * @param ruleEngine {@code SecRuleEngine} (default On here: loading rules means running them)
 * @param requestBodyAccess {@code SecRequestBodyAccess} (default Off, as in ModSecurity)
 * @param requestBodyLimit {@code SecRequestBodyLimit} in bytes
 * @param requestBodyNoFilesLimit {@code SecRequestBodyNoFilesLimit} in bytes
 * @param rejectOverLimit {@code SecRequestBodyLimitAction Reject} (true) or {@code ProcessPartial}
 * @param jsonDepthLimit {@code SecRequestBodyJsonDepthLimit}
 * @param argumentsLimit {@code SecArgumentsLimit}
 */
public record EngineSettings(
    RuleEngineMode ruleEngine,
    boolean requestBodyAccess,
    long requestBodyLimit,
    long requestBodyNoFilesLimit,
    boolean rejectOverLimit,
    int jsonDepthLimit,
    int argumentsLimit) {

  /** The defaults before any directive. */
  public static EngineSettings defaults() {
    return new EngineSettings(
        RuleEngineMode.ON, false, 134_217_728L, 1_048_576L, true, 10_000, 1000);
  }

  public EngineSettings withRuleEngine(RuleEngineMode mode) {
    return new EngineSettings(
        mode,
        requestBodyAccess,
        requestBodyLimit,
        requestBodyNoFilesLimit,
        rejectOverLimit,
        jsonDepthLimit,
        argumentsLimit);
  }

  public EngineSettings withRequestBodyAccess(boolean on) {
    return new EngineSettings(
        ruleEngine,
        on,
        requestBodyLimit,
        requestBodyNoFilesLimit,
        rejectOverLimit,
        jsonDepthLimit,
        argumentsLimit);
  }

  public EngineSettings withRequestBodyLimit(long limit) {
    return new EngineSettings(
        ruleEngine,
        requestBodyAccess,
        limit,
        requestBodyNoFilesLimit,
        rejectOverLimit,
        jsonDepthLimit,
        argumentsLimit);
  }

  public EngineSettings withRequestBodyNoFilesLimit(long limit) {
    return new EngineSettings(
        ruleEngine,
        requestBodyAccess,
        requestBodyLimit,
        limit,
        rejectOverLimit,
        jsonDepthLimit,
        argumentsLimit);
  }

  public EngineSettings withRejectOverLimit(boolean reject) {
    return new EngineSettings(
        ruleEngine,
        requestBodyAccess,
        requestBodyLimit,
        requestBodyNoFilesLimit,
        reject,
        jsonDepthLimit,
        argumentsLimit);
  }

  public EngineSettings withJsonDepthLimit(int limit) {
    return new EngineSettings(
        ruleEngine,
        requestBodyAccess,
        requestBodyLimit,
        requestBodyNoFilesLimit,
        rejectOverLimit,
        limit,
        argumentsLimit);
  }

  public EngineSettings withArgumentsLimit(int limit) {
    return new EngineSettings(
        ruleEngine,
        requestBodyAccess,
        requestBodyLimit,
        requestBodyNoFilesLimit,
        rejectOverLimit,
        jsonDepthLimit,
        limit);
  }
}
