package ai.traceable.tme.engine.response;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class StackTraceLeakTest {
  private final StackTraceLeak detector = new StackTraceLeak();

  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of(
            "java.lang.NullPointerException\n\tat com.shop.Cart.total(Cart.java:42)\n"
                + "\tat com.shop.Api.get(Api.java:17)\n",
            true),
        Arguments.of(
            "Exception\n    at java.base/jdk.internal.Foo.bar(Native Method)\n"
                + "    at com.x.Y.z(Unknown Source)",
            true),
        Arguments.of(
            "Traceback (most recent call last):\n  File \"/app/views.py\", line 12, in get", true),
        Arguments.of(
            "   at Shop.Controllers.CartController.Get() in C:\\src\\Cart.cs:line 27", true),
        Arguments.of(
            "Error: boom\n    at handler (/app/server.js:10:5)\n    at next (/app/router.js:3:1)",
            true),
        Arguments.of("PHP Exception\nStack trace:\n#0 /var/www/index.php(12)", true),
        Arguments.of("panic: oops\n\ngoroutine 1 [running]:\nmain.main()", true),
        Arguments.of("one frame only\n\tat com.shop.Cart.total(Cart.java:42)\n", false),
        Arguments.of("Meet us at the store (Main Street) at noon", false));
  }

  @ParameterizedTest
  @MethodSource("cases")
  void findsStackTracesOfCommonRuntimes(String text, boolean leaks) {
    assertThat(Found.in(detector, text).isEmpty()).isEqualTo(!leaks);
  }

  @Test
  void aMegabyteOfFrameLookalikesIsReadInLinearTime() {
    String text = "at a.b(".repeat(150_000);
    long start = System.nanoTime();
    assertThat(Found.in(detector, text)).isEmpty();
    assertThat(System.nanoTime() - start).isLessThan(3_000_000_000L);
  }
}
