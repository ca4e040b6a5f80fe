package ai.traceable.tme.engine.detect.ssrf;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class UrlPartsTest {

  @ParameterizedTest(name = "{0} has scheme {1}")
  @CsvSource(
      delimiter = '|',
      nullValues = "null",
      textBlock =
          """
          # text (the first // is the separator) | scheme
          http://example.com/                    | http
          gopher://127.0.0.1:6379/_x             | gopher
          svn+ssh://host/repo                    | svn+ssh
          //cdn.example.com/a.js                 | ''
          see http://a/b                         | http
          a//b                                   | null
          ://host                                | null
          x=1&u=//host                           | null
          """)
  void readsTheSchemeBeforeTheSlashes(String text, String scheme) {
    assertThat(UrlParts.scheme(text, text.indexOf("//"))).isEqualTo(scheme);
  }

  @ParameterizedTest(name = "{0} has host {1}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          # authority onwards                   | host
          example.com/a?b=c                     | example.com
          user:pw@169.254.169.254:80/latest     | 169.254.169.254
          a@b@10.0.0.1/                         | 10.0.0.1
          [::ffff:127.0.0.1]:8080/              | ::ffff:127.0.0.1
          [::1                                  | ::1
          localhost.../x                        | localhost
          metadata.google.internal#frag         | metadata.google.internal
          host\\path                            | host
          127.0.0.1 and more                    | 127.0.0.1
          "quoted"                              | ''
          /path                                 | ''
          """)
  void readsTheHostOfTheAuthority(String authority, String host) {
    assertThat(UrlParts.host(authority, 0)).isEqualTo(host);
  }
}
