package ai.traceable.tme.engine.response;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FrameworkErrorLeakTest {
  private final FrameworkErrorLeak detector = new FrameworkErrorLeak();

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "<html><body><h1>Whitelabel Error Page</h1> | true",
        "<br /><b>Fatal error</b>:  Uncaught Error in /var/www/a.php | true",
        "PHP Fatal error:  Allowed memory size exhausted | true",
        "<th>Django Version:</th><td>4.2</td> | true",
        "ActionController::RoutingError (No route matches [GET] /x) | true",
        "<h1>Server Error in '/' Application.</h1> | true",
        "Whoops, looks like something went wrong. | true",
        "<p>Something went wrong, please try again.</p> | false",
        "{\"error\":\"internal\"} | false",
      })
  void findsFrameworkErrorPages(String text, boolean leaks) {
    assertThat(Found.in(detector, text).isEmpty()).isEqualTo(!leaks);
  }
}
