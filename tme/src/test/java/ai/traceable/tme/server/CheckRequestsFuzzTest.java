package ai.traceable.tme.server;

import static org.assertj.core.api.Assertions.assertThat;

import ai.traceable.tme.engine.Decision;
import ai.traceable.tme.engine.EngineMode;
import ai.traceable.tme.engine.StagedEngine;
import ai.traceable.tme.engine.inspect.RequestView;
import ai.traceable.tme.fuzzing.FuzzInputs;
import ai.traceable.tme.rules.RulesLoader;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.google.protobuf.InvalidProtocolBufferException;
import io.envoyproxy.envoy.service.auth.v3.CheckRequest;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Coverage-guided fuzzing of the step from a decoded {@link CheckRequest} to a decision: any
 * message that protobuf accepts (header values as invalid UTF-8 bytes, empty or huge fields, both
 * header encodings at once) maps to a {@link RequestView} and is evaluated by the bundled rules
 * without an exception. Only {@link InvalidProtocolBufferException} may refuse a message, and
 * {@code CheckEvaluator} answers that with {@code INVALID_ARGUMENT}.
 */
class CheckRequestsFuzzTest {
  private static final StagedEngine ENGINE = RulesLoader.loadBundled().engine(EngineMode.BLOCK);

  @FuzzTest
  void anyDecodedCheckRequestGetsADecision(byte[] data) {
    check(data);
  }

  @Test
  void survivesFixedSeedMutations() {
    FuzzInputs.fixedSeedRun(
        getClass(), "anyDecodedCheckRequestGetsADecision", 2000, CheckRequestsFuzzTest::check);
  }

  static void check(byte[] data) {
    CheckRequest request;
    try {
      request = CheckRequest.parseFrom(data);
    } catch (InvalidProtocolBufferException refused) {
      return;
    }
    RequestView view = CheckRequests.toView(request);
    for (Map.Entry<String, List<String>> h : view.headers().entrySet()) {
      assertThat(h.getKey()).isEqualTo(h.getKey().toLowerCase(Locale.ROOT));
      assertThat(h.getValue()).isNotEmpty();
    }
    Decision decision = ENGINE.evaluate(view);
    assertThat(decision).isNotNull();
  }
}
