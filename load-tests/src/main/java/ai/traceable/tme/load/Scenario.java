package ai.traceable.tme.load;

import io.envoyproxy.envoy.service.auth.v3.CheckRequest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.stream.Collectors;

/**
 * What the generator sends. Every scenario is a pool of {@value #POOL_SIZE} pre-built requests in a
 * fixed order (seeded), so runs are comparable. Immutable.
 */
public enum Scenario {
  /** A browser's GET (page, API or asset) with realistic headers; about 1.2 KB per request. */
  BENIGN("benign", 0, "every check allowed"),
  /** {@code benign}, with 5% of the requests replaced by attacks the bundled rules block. */
  ATTACK_MIX("attack-mix", 5, "5% denied (the attacks), the rest allowed"),
  /** API clients' JSON order POSTs with a buffered body of about 600 bytes; all benign. */
  API_JSON("api-json", 0, "every check allowed"),
  /** API clients' JSON order POSTs of about 4 KiB (many order lines); all benign. */
  JSON_4K("json-4k", 0, "every check allowed"),
  /**
   * One client posting to {@code /api/v1/login} as fast as the load allows. With the rules file
   * {@code load-tests/rules/rate-limit-burst.yaml} (100 logins a second per client) everything past
   * the limit is denied with HTTP 429; with the bundled rules everything is allowed.
   */
  RATE_LIMIT_BURST(
      "rate-limit-burst",
      0,
      "with rules/rate-limit-burst.yaml: about 100 allowed a second, the rest denied (429)");

  static final int POOL_SIZE = 1000;
  private static final long SEED = 0x7a3e_2026L;

  private final String cliName;
  private final int attackPercent;
  private final String expectation;

  Scenario(String cliName, int attackPercent, String expectation) {
    this.cliName = cliName;
    this.attackPercent = attackPercent;
    this.expectation = expectation;
  }

  /** The decision mix this scenario should produce, in words. */
  public String expectation() {
    return expectation;
  }

  /** The name used on the command line and in results, for example {@code attack-mix}. */
  public String cliName() {
    return cliName;
  }

  public int attackPercent() {
    return attackPercent;
  }

  /** Builds this scenario's pool; attacks are spread over the pool at seeded positions. */
  public RequestPool pool() {
    Random random = new Random(SEED);
    boolean[] attacks = new boolean[POOL_SIZE];
    int attackCount = POOL_SIZE * attackPercent / 100;
    List<Integer> positions = new ArrayList<>(POOL_SIZE);
    for (int i = 0; i < POOL_SIZE; i++) {
      positions.add(i);
    }
    Collections.shuffle(positions, random);
    for (int i = 0; i < attackCount; i++) {
      attacks[positions.get(i)] = true;
    }
    List<CheckRequest> requests = new ArrayList<>(POOL_SIZE);
    int kind = 0;
    for (int i = 0; i < POOL_SIZE; i++) {
      requests.add(
          switch (this) {
            case API_JSON -> ApiRequests.order(random);
            case JSON_4K -> ApiRequests.largeOrder(random);
            case RATE_LIMIT_BURST -> ApiRequests.burstLogin(random);
            default ->
                attacks[i]
                    ? BrowserRequests.attack(kind++, random)
                    : BrowserRequests.benign(random);
          });
    }
    return new RequestPool(requests, attacks);
  }

  /** Looks a scenario up by its command-line name. */
  public static Scenario byName(String name) {
    String wanted = name.toLowerCase(Locale.ROOT);
    return Arrays.stream(values())
        .filter(s -> s.cliName.equals(wanted))
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "unknown scenario '"
                        + name
                        + "'; known: "
                        + Arrays.stream(values())
                            .map(Scenario::cliName)
                            .collect(Collectors.joining(", "))));
  }
}
