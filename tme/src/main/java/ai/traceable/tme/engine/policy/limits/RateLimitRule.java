package ai.traceable.tme.engine.policy.limits;

import ai.traceable.tme.engine.policy.PolicyAction;
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
public record RateLimitRule(
    String id,
    PolicyAction action,
    Endpoints endpoints,
    LimitKey key,
    BucketConfiguration bucket,
    Duration blockFor,
    int status,
    String stateKey) {}
