package ai.traceable.tme.engine.inspect;

import static org.assertj.core.api.Assertions.assertThat;

import ai.traceable.tme.fuzzing.FuzzInputs;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Coverage-guided fuzzing of body extraction (JSON, form, multipart, XML, GraphQL, text) through
 * {@link InputExtractor}. Properties: never throws, and the inspection limits hold: at most {@code
 * maxValues} values, each raw value at most {@code maxValueChars} characters.
 */
class BodiesFuzzTest {
  private static final String[] CONTENT_TYPES = {
    "application/json",
    "application/x-www-form-urlencoded",
    "multipart/form-data; boundary=b",
    "multipart/form-data; boundary=\"XyZ\"",
    "application/xml",
    "image/svg+xml",
    "application/graphql",
    "text/plain",
    "",
  };

  private static final InspectionLimits SMALL = new InspectionLimits(2048, 48, 200, 6);

  @FuzzTest
  void extractsAnyBodyWithinLimits(byte[] data) {
    check(data);
  }

  @Test
  void survivesFixedSeedMutations() {
    FuzzInputs.fixedSeedRun(getClass(), "extractsAnyBodyWithinLimits", 2000, BodiesFuzzTest::check);
  }

  static void check(byte[] data) {
    if (data.length == 0) {
      return;
    }
    int selector = data[0] & 0xff;
    String contentType = CONTENT_TYPES[(selector & 0x0f) % CONTENT_TYPES.length];
    String path = (selector & 0x10) != 0 ? "/graphql" : "/api";
    InspectionLimits limits = (selector & 0x20) != 0 ? InspectionLimits.DEFAULTS : SMALL;
    byte[] body = Arrays.copyOfRange(data, 1, data.length);
    RequestView request =
        new RequestView(
            "POST",
            path,
            "h",
            Map.of("content-type", List.of(contentType)),
            body,
            (selector & 0x40) != 0,
            "127.0.0.1",
            1);
    Inputs inputs = new InputExtractor(limits).extract(request);
    assertThat(inputs.values().size()).isLessThanOrEqualTo(limits.maxValues());
    for (Inspected v : inputs.values()) {
      assertThat(v.raw().length()).isLessThanOrEqualTo(limits.maxValueChars());
      assertThat(v.decoded()).isNotNull();
    }
  }
}
