package ai.traceable.tme.server;

import ai.traceable.tme.engine.Decision;
import ai.traceable.tme.engine.Engine;
import ai.traceable.tme.engine.RequestView;
import com.google.protobuf.InvalidProtocolBufferException;
import io.envoyproxy.envoy.service.auth.v3.CheckRequest;
import io.grpc.Status;
import java.util.function.Supplier;

/**
 * Runs one check end to end on the calling thread: decode, convert, evaluate, answer. Meant to run
 * on the engine dispatcher. Thread-safe; holds no per-call state.
 */
final class CheckEvaluator {
  private final Supplier<Engine> engine;
  private final CheckResponses responses;

  /**
   * @param engine the current engine; read once per check so a reloaded rule set applies to the
   *     next check
   */
  CheckEvaluator(Supplier<Engine> engine, CheckResponses responses) {
    this.engine = engine;
    this.responses = responses;
  }

  CheckResponses responses() {
    return responses;
  }

  Outcome evaluate(CheckCall call) {
    CheckRequest request;
    try {
      request = call.request();
    } catch (InvalidProtocolBufferException e) {
      call.fail(
          Status.INVALID_ARGUMENT.withDescription("malformed CheckRequest: " + e.getMessage()));
      return Outcome.INVALID;
    }
    RequestView view = CheckRequests.toView(request);
    Decision decision = engine.get().evaluate(view);
    call.reply(responses.toResponse(decision));
    return outcomeOf(decision);
  }

  private static Outcome outcomeOf(Decision decision) {
    if (decision instanceof Decision.Deny deny) {
      return deny.failedClosed() ? Outcome.FAILED_CLOSED : Outcome.DENIED;
    }
    Decision.Allow allow = (Decision.Allow) decision;
    if (allow.failedOpen()) {
      return Outcome.FAILED_OPEN;
    }
    return allow.findings().isEmpty() ? Outcome.ALLOWED : Outcome.MONITORED;
  }
}
