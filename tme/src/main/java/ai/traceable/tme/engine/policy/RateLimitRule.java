package ai.traceable.tme.engine.policy;

import io.github.bucket4j.BucketConfiguration;
import java.time.Duration;

/**
 * A compiled rate limit. Immutable and thread-safe; its counters live in {@link PolicyState}, so
 * they survive reloads of the rules file as long as the rule itself is unchanged.
 *
 * @param stateKey identifies the rule's counters: its id plus everything that shapes the bucket, so
 *     a changed limit starts from fresh counters
 * @param blockFor how long the key stays denied after the limit trips; zero: only while over it
 * @param status the HTTP status of a denial, 0 for tme.policy.rate-limit-status
 */
record RateLimitRule(
    String id,
    PolicyAction action,
    Endpoints endpoints,
    LimitKey key,
    BucketConfiguration bucket,
    Duration blockFor,
    int status,
    String stateKey) {

  static RateLimitRule compile(RulesFileModel.RateLimit r, String id, PathIndex.Builder index) {
    String where = "rate limit '" + id + "'";
    PolicyAction action =
        r.action() == null
            ? PolicyAction.BLOCK
            : PolicyAction.parse(r.action(), PolicyAction.FOR_LIMITS, where);
    int limit = PolicyDurations.positive(r.limit(), "limit", where);
    Duration period = PolicyDurations.required(r.period(), "period", where);
    LimitWindow window = LimitWindow.parse(r.window(), where);
    if (r.burst() != null && window != LimitWindow.TOKEN_BUCKET) {
      throw new IllegalArgumentException(where + ": 'burst' applies only to window token_bucket");
    }
    int burst = r.burst() == null ? limit : PolicyDurations.positive(r.burst(), "burst", where);
    Duration blockFor = PolicyDurations.optional(r.blockFor(), "blockFor", where);
    int status = PolicyDurations.status(r.status(), where);
    LimitKey key = LimitKey.compile(r.key(), where);
    Endpoints endpoints = Endpoints.compile(r.methods(), r.paths(), where, index);
    String stateKey = id + "|" + window + "|" + limit + "|" + burst + "|" + period.toNanos();
    return new RateLimitRule(
        id,
        action,
        endpoints,
        key,
        window.configuration(limit, burst, period),
        blockFor,
        status,
        stateKey);
  }
}
