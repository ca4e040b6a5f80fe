package ai.traceable.tme.engine.policy.signatures;

import ai.traceable.tme.engine.policy.PolicyRequest;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The part of a request a signature condition tests. Text targets may hold several values (every
 * header value, every cookie); numeric targets hold one number. Stateless.
 */
public enum SignatureTarget {
  URL,
  HTTP_METHOD,
  HOST,
  USER_AGENT,
  HEADER_NAME,
  HEADER_VALUE,
  PARAMETER_NAME,
  PARAMETER_VALUE,
  COOKIE_NAME,
  COOKIE_VALUE,
  BODY,
  BODY_SIZE,
  QUERY_PARAMS_COUNT,
  HEADERS_COUNT,
  COOKIES_COUNT;

  public boolean numeric() {
    return this == BODY_SIZE
        || this == QUERY_PARAMS_COUNT
        || this == HEADERS_COUNT
        || this == COOKIES_COUNT;
  }

  /**
   * Relative cost of testing this target: 0 for one short value, 1 for a few values, 2 for every
   * header or parameter, 3 for the body.
   */
  int cost(boolean named) {
    return switch (this) {
      case URL, HTTP_METHOD, HOST, BODY_SIZE, QUERY_PARAMS_COUNT, HEADERS_COUNT, COOKIES_COUNT -> 0;
      case USER_AGENT, COOKIE_NAME -> 1;
      case HEADER_VALUE, PARAMETER_VALUE, COOKIE_VALUE -> named ? 1 : 2;
      case HEADER_NAME, PARAMETER_NAME -> 2;
      case BODY -> 3;
    };
  }

  /** Whether a condition on this target may restrict it with {@code name}. */
  public boolean named() {
    return this == HEADER_VALUE || this == PARAMETER_VALUE || this == COOKIE_VALUE;
  }

  /** The number a numeric target stands for. */
  long number(PolicyRequest r) {
    return switch (this) {
      case BODY_SIZE -> r.bodySize();
      case QUERY_PARAMS_COUNT -> queryCount(r.view().rawQuery());
      case HEADERS_COUNT -> headerCount(r.headers());
      case COOKIES_COUNT -> r.cookies().size();
      default -> throw new IllegalStateException(this + " is not numeric");
    };
  }

  /**
   * Whether any value of this target passes {@code test}. {@code name} (lower-case for headers)
   * restricts the *_VALUE targets to one header, parameter or cookie; null means all of them.
   */
  boolean anyValue(PolicyRequest r, String name, Predicate<String> test) {
    switch (this) {
      case URL:
        return test.test(r.view().path());
      case HTTP_METHOD:
        return test.test(r.view().method());
      case HOST:
        return test.test(r.view().host());
      case USER_AGENT:
        return any(r.view().header("user-agent"), test);
      case BODY:
        return test.test(r.bodyText());
      case HEADER_NAME:
        for (String header : r.headers().keySet()) {
          if (!header.startsWith(":") && test.test(header)) {
            return true;
          }
        }
        return false;
      case HEADER_VALUE:
        if (name != null) {
          return any(r.view().header(name), test);
        }
        for (Map.Entry<String, List<String>> h : r.headers().entrySet()) {
          if (!h.getKey().startsWith(":") && any(h.getValue(), test)) {
            return true;
          }
        }
        return false;
      case PARAMETER_NAME:
        return anyPair(r.parameters(), null, true, test);
      case PARAMETER_VALUE:
        return anyPair(r.parameters(), name, false, test);
      case COOKIE_NAME:
        return anyPair(r.cookies(), null, true, test);
      case COOKIE_VALUE:
        return anyPair(r.cookies(), name, false, test);
      default:
        throw new IllegalStateException(this + " is numeric");
    }
  }

  private static boolean any(List<String> values, Predicate<String> test) {
    for (String v : values) {
      if (test.test(v)) {
        return true;
      }
    }
    return false;
  }

  private static boolean anyPair(
      List<PolicyRequest.Pair> pairs, String name, boolean names, Predicate<String> test) {
    for (PolicyRequest.Pair p : pairs) {
      if (names) {
        if (test.test(p.name())) {
          return true;
        }
      } else if ((name == null || name.equals(p.name())) && test.test(p.value())) {
        return true;
      }
    }
    return false;
  }

  private static long queryCount(String query) {
    if (query.isEmpty()) {
      return 0;
    }
    long n = 0;
    for (String part : query.split("&")) {
      if (!part.isEmpty()) {
        n++;
      }
    }
    return n;
  }

  private static long headerCount(Map<String, List<String>> headers) {
    long n = 0;
    for (Map.Entry<String, List<String>> h : headers.entrySet()) {
      if (!h.getKey().startsWith(":")) {
        n += h.getValue().size();
      }
    }
    return n;
  }
}
