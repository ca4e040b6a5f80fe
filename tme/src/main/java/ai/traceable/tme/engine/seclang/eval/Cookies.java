package ai.traceable.tme.engine.seclang.eval;

import ai.traceable.tme.engine.seclang.body.Param;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits a {@code Cookie} header as ModSecurity does for version 0 cookies: pairs separated by
 * {@code ;}, leading whitespace dropped, values neither unquoted nor decoded; a pair without {@code
 * =} is a cookie with an empty value.
 */
final class Cookies {

  private Cookies() {}

  static List<Param> parse(String header) {
    List<Param> cookies = new ArrayList<>();
    for (String part : header.split(";")) {
      String pair = part.stripLeading();
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      cookies.add(
          eq < 0
              ? new Param(pair.stripTrailing(), "")
              : new Param(pair.substring(0, eq), pair.substring(eq + 1)));
    }
    return cookies;
  }
}
