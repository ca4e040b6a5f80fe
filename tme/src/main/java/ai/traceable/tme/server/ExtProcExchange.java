package ai.traceable.tme.server;

import ai.traceable.tme.config.ExtProcSettings.BodyMode;
import ai.traceable.tme.engine.Decision;
import ai.traceable.tme.engine.inspect.RequestView;
import ai.traceable.tme.engine.response.LeakReport;
import ai.traceable.tme.metrics.CheckMetrics.Partial;
import ai.traceable.tme.server.ExtProcResponses.Phase;
import io.envoyproxy.envoy.service.ext_proc.v3.HttpBody;
import io.envoyproxy.envoy.service.ext_proc.v3.HttpHeaders;
import io.envoyproxy.envoy.service.ext_proc.v3.ProcessingRequest;
import io.envoyproxy.envoy.service.ext_proc.v3.ProcessingResponse;
import io.grpc.Status;
import java.util.List;
import java.util.Map;
import org.apache.pekko.grpc.GrpcServiceException;

/**
 * One HTTP exchange seen through an ext_proc stream: reads each message in the order Envoy sends
 * them, decides the request once (on its headers, or on its body when one is coming), inspects the
 * response once, and answers every message with exactly one response.
 *
 * <p>Accepted orders (anything else fails the stream with {@code FAILED_PRECONDITION}; a message
 * with no kind set with {@code INVALID_ARGUMENT}):
 *
 * <pre>
 * request_headers                       START -> decided, or REQUEST_BODY when a body comes
 * request_body*  [request_trailers]     REQUEST_BODY -> decided at end_of_stream / the buffer
 * response_headers                      REQUEST_DONE -> DONE, or RESPONSE_BODY
 * response_body* [response_trailers]    RESPONSE_BODY -> DONE at end_of_stream / the buffer
 * response_trailers                     DONE
 * </pre>
 *
 * A denial or a blocked response ends the exchange ({@code CLOSED}). A message tme fails to handle
 * (a value the converter or the engine cannot take) gets {@code tme.engine.on-error}'s decision
 * instead of a gRPC error: fail-closed ends the exchange with a denial, fail-open lets it and every
 * later message pass. When Envoy's configuration and tme's disagree (a body tme waited for never
 * comes), the request is decided on the next message instead, which is then too late to stop the
 * upstream from seeing it; a body arriving after the decision is answered "continue".
 *
 * <p>Thread-safety: messages of one stream are handled one at a time, on engine threads, in order
 * ({@code mapAsync(1)}); the end of the stream may race with a message being handled, so every
 * entry point is synchronized (never contended in the normal course).
 */
final class ExtProcExchange {
  private final ExtProcEvaluator evaluator;
  private final long openedNanos = System.nanoTime();
  private final boolean hasDeadline;
  private final long deadline;
  private int partial;
  private int decidedPartial;
  private boolean passThrough;
  private boolean expired;
  private ExtProcPhase phase = ExtProcPhase.START;
  private BodyMode requestMode;
  private BodyMode responseMode;
  private ProcessingRequest first = ProcessingRequest.getDefaultInstance();
  private Map<String, List<String>> requestHeaders = Map.of();
  private final BodyBuffer requestBody;
  private final BodyBuffer responseBody;
  private Map<String, List<String>> responseHeaders = Map.of();
  private RequestView view;
  private Decision decision;
  private LeakReport leaks = LeakReport.NONE;
  private final ExchangeTimes times = new ExchangeTimes();
  private boolean decidedUnreported;
  private boolean captured;
  private boolean lateDecision;
  private boolean invalid;

  ExtProcExchange(ExtProcEvaluator evaluator) {
    this(evaluator, false, 0);
  }

  /**
   * @param hasDeadline whether the stream carries a {@code grpc-timeout}
   * @param deadline when it ends, {@link System#nanoTime()} time
   */
  ExtProcExchange(ExtProcEvaluator evaluator, boolean hasDeadline, long deadline) {
    this.evaluator = evaluator;
    this.hasDeadline = hasDeadline;
    this.deadline = deadline;
    this.requestMode = evaluator.settings().requestBodyMode();
    this.responseMode = evaluator.settings().responseBodyMode();
    this.requestBody = new BodyBuffer(evaluator.settings().maxBodyBytes());
    this.responseBody = new BodyBuffer(evaluator.settings().maxBodyBytes());
  }

  /**
   * The answer to one message.
   *
   * @throws GrpcServiceException for a message out of order, without content or not protobuf at
   *     all, or past the stream's deadline
   */
  synchronized ProcessingResponse onMessage(ExtProcMessage message) {
    ProcessingRequest m = message.request();
    try {
      if (message.malformed() != null) {
        evaluator.invalid();
        throw error(Status.INVALID_ARGUMENT, "malformed ProcessingRequest: " + message.malformed());
      }
      if (hasDeadline && evaluator.now() - deadline >= 0) {
        expired = true;
        evaluator.expired();
        throw error(Status.DEADLINE_EXCEEDED, "the stream's deadline passed before " + describe(m));
      }
      partial |= message.partial();
      boolean any = m.getRequestCase() != ProcessingRequest.RequestCase.REQUEST_NOT_SET;
      return passThrough && any ? ExtProcResponses.passOn(m) : handle(m);
    } catch (GrpcServiceException e) {
      invalid = true;
      throw e;
    } catch (RuntimeException | StackOverflowError e) {
      return failed(m, e);
    }
  }

  /**
   * A message whose handling threw: {@code tme.engine.on-error}'s decision. The request gets it if
   * it was not decided yet; a fail-closed answer ends the exchange, a fail-open one lets this and
   * every later message pass unexamined.
   */
  private ProcessingResponse failed(ProcessingRequest m, Throwable cause) {
    Decision standIn = evaluator.failed(cause);
    if (decision == null) {
      decision = standIn; // metered as the request's decision, after the reply
      decidedPartial = 0;
      times.decided = System.nanoTime();
      decidedUnreported = true;
    } else {
      evaluator.failedAfterDecision(standIn);
    }
    if (times.requestHeaders == 0) {
      times.requestHeaders = System.nanoTime();
    }
    times.end = System.nanoTime();
    Phase answering = ExtProcResponses.phaseOf(m);
    if (standIn instanceof Decision.Deny) {
      phase = ExtProcPhase.CLOSED;
      return evaluator.responses().decided(answering, standIn, 0);
    }
    phase = ExtProcPhase.DONE;
    passThrough = true;
    return answering == null
        ? ExtProcResponses.passOn(m)
        : evaluator.responses().decided(answering, standIn, 0);
  }

  private ProcessingResponse handle(ProcessingRequest m) {
    if (phase == ExtProcPhase.CLOSED) {
      throw error(Status.FAILED_PRECONDITION, describe(m) + " after the exchange was answered");
    }
    return switch (m.getRequestCase()) {
      case REQUEST_HEADERS -> onRequestHeaders(m);
      case REQUEST_BODY -> onRequestBody(m.getRequestBody());
      case REQUEST_TRAILERS -> onRequestTrailers();
      case RESPONSE_HEADERS -> onResponseHeaders(m.getResponseHeaders());
      case RESPONSE_BODY -> onResponseBody(m.getResponseBody());
      case RESPONSE_TRAILERS -> onResponseTrailers();
      case REQUEST_NOT_SET ->
          throw error(
              Status.INVALID_ARGUMENT,
              "ProcessingRequest has none of request_headers, request_body, request_trailers,"
                  + " response_headers, response_body, response_trailers set");
    };
  }

  private ProcessingResponse onRequestHeaders(ProcessingRequest m) {
    expect("request_headers", ExtProcPhase.START);
    times.requestHeaders = System.nanoTime();
    times.startEpochNanos = ExchangeTimes.epochNanos();
    first = m;
    if (m.hasProtocolConfig()) {
      requestMode = bodyMode(m.getProtocolConfig().getRequestBodyMode().name());
      responseMode = bodyMode(m.getProtocolConfig().getResponseBodyMode().name());
    }
    HttpHeaders headers = m.getRequestHeaders();
    ExtProcRequests.Headers read = ExtProcRequests.headers(headers.getHeaders());
    requestHeaders = read.map();
    if (read.invalidUtf8()) {
      partial |= Partial.INVALID_UTF8.bit();
    }
    if (headers.getEndOfStream() || requestMode == BodyMode.NONE) {
      return decide(Phase.REQUEST_HEADERS);
    }
    phase = ExtProcPhase.REQUEST_BODY;
    return ExtProcResponses.proceedWithoutDecisionHeader(Phase.REQUEST_HEADERS);
  }

  private ProcessingResponse onRequestBody(HttpBody body) {
    if (phase == ExtProcPhase.REQUEST_DONE) {
      requestBody.append(body.getBody()); // configured without a body, sent one anyway
      return ExtProcResponses.proceed(Phase.REQUEST_BODY);
    }
    expect("request_body", ExtProcPhase.REQUEST_BODY);
    requestBody.append(body.getBody());
    if (body.getEndOfStream() || isBuffered(requestMode)) {
      if (!body.getEndOfStream()) {
        requestBody.markTruncated(); // BUFFERED_PARTIAL: Envoy's buffer filled up
      }
      return decide(Phase.REQUEST_BODY);
    }
    return ExtProcResponses.proceed(Phase.REQUEST_BODY);
  }

  private ProcessingResponse onRequestTrailers() {
    if (phase == ExtProcPhase.REQUEST_BODY) {
      ProcessingResponse decided = decide(Phase.REQUEST_BODY);
      return decided.hasImmediateResponse() ? decided : ExtProcResponses.trailers(true);
    }
    expect("request_trailers", ExtProcPhase.REQUEST_DONE);
    return ExtProcResponses.trailers(true);
  }

  private ProcessingResponse onResponseHeaders(HttpHeaders headers) {
    if (phase == ExtProcPhase.REQUEST_BODY) {
      lateDecision = true; // the body tme waited for did not come: decide now, late
      ProcessingResponse decided = decide(Phase.RESPONSE_HEADERS);
      if (decided.hasImmediateResponse()) {
        return decided;
      }
    }
    expect("response_headers", ExtProcPhase.REQUEST_DONE);
    times.responseHeaders = System.nanoTime();
    responseHeaders = ExtProcRequests.headers(headers.getHeaders()).map();
    if (headers.getEndOfStream() || responseMode == BodyMode.NONE) {
      phase = ExtProcPhase.DONE;
      times.end = System.nanoTime();
      return ExtProcResponses.proceed(Phase.RESPONSE_HEADERS);
    }
    phase = ExtProcPhase.RESPONSE_BODY;
    return ExtProcResponses.proceed(Phase.RESPONSE_HEADERS);
  }

  private ProcessingResponse onResponseBody(HttpBody body) {
    if (phase == ExtProcPhase.DONE) {
      return ExtProcResponses.proceed(Phase.RESPONSE_BODY);
    }
    expect("response_body", ExtProcPhase.RESPONSE_BODY);
    responseBody.append(body.getBody());
    if (body.getEndOfStream() || isBuffered(responseMode)) {
      if (!body.getEndOfStream()) {
        responseBody.markTruncated();
      }
      return inspectResponse(true);
    }
    return ExtProcResponses.proceed(Phase.RESPONSE_BODY);
  }

  private ProcessingResponse onResponseTrailers() {
    if (phase == ExtProcPhase.RESPONSE_BODY) {
      inspectResponse(false); // the body has gone on already: report only
      return ExtProcResponses.trailers(false);
    }
    expect("response_trailers", ExtProcPhase.DONE);
    return ExtProcResponses.trailers(false);
  }

  private ProcessingResponse decide(Phase answering) {
    view =
        ExtProcRequests.view(requestHeaders, requestBody.bytes(), requestBody.truncated(), first);
    // a body cut at max-body-bytes, or by Envoy's buffer (BUFFERED_PARTIAL), is partly inspected
    int reasons = partial | (requestBody.truncated() ? Partial.TRUNCATED.bit() : 0);
    ExtProcEvaluator.Decided decided = evaluator.evaluate(view, reasons, hasDeadline, deadline);
    decision = decided.decision();
    decidedPartial = decided.partial();
    times.decided = System.nanoTime();
    decidedUnreported = true;
    ProcessingResponse answer = evaluator.responses().decided(answering, decision, decidedPartial);
    phase = answer.hasImmediateResponse() ? ExtProcPhase.CLOSED : ExtProcPhase.REQUEST_DONE;
    if (phase == ExtProcPhase.CLOSED) {
      times.end = times.decided;
    }
    return answer;
  }

  /**
   * Inspects the response body and answers it.
   *
   * @param canChange whether the body is still held by Envoy (buffered), so it can be replaced
   */
  private ProcessingResponse inspectResponse(boolean canChange) {
    times.end = System.nanoTime();
    phase = ExtProcPhase.DONE;
    ExtProcEvaluator.LeakAnswer answer =
        evaluator.inspect(responseHeaders, responseBody, canChange);
    leaks = answer.report();
    if (answer.response().hasImmediateResponse()) {
      phase = ExtProcPhase.CLOSED;
    }
    return answer.response();
  }

  /** Metering, the denial log and capture, after the answer was sent. */
  synchronized void afterReply() {
    if (decidedUnreported) {
      decidedUnreported = false;
      evaluator.answered(
          view, decision, System.nanoTime() - times.requestHeaders, lateDecision, decidedPartial);
    }
    if (!captured && (phase == ExtProcPhase.DONE || phase == ExtProcPhase.CLOSED)) {
      captured = true;
      evaluator.capture(this);
    }
  }

  /**
   * The stream ended (Envoy closed it, cancelled it, or it failed): captures what was seen if it
   * was not captured yet, and says how the exchange ended: {@code INVALID} after a protocol error,
   * {@code ABANDONED} when Envoy went away before the exchange was complete. Idempotent.
   */
  synchronized CheckOutcome end() {
    if (expired) {
      return CheckOutcome.EXPIRED;
    }
    if (invalid) {
      return CheckOutcome.INVALID;
    }
    boolean complete = phase == ExtProcPhase.DONE || phase == ExtProcPhase.CLOSED;
    if (decision != null && !captured) {
      captured = true;
      if (times.end == 0) {
        times.end = System.nanoTime();
      }
      evaluator.capture(this);
    }
    if (decision == null) {
      return CheckOutcome.ABANDONED;
    }
    if (!complete && phase != ExtProcPhase.REQUEST_DONE) {
      return CheckOutcome.ABANDONED;
    }
    return CheckEvaluator.outcomeOf(decision);
  }

  // read by capture, under this object's lock (from afterReply or end)

  RequestView view() {
    return view;
  }

  Decision decision() {
    return decision;
  }

  Map<String, List<String>> responseHeaders() {
    return responseHeaders;
  }

  BodyBuffer responseBody() {
    return responseBody;
  }

  LeakReport leaks() {
    return leaks;
  }

  ExchangeTimes times() {
    return times;
  }

  long openedNanos() {
    return openedNanos;
  }

  private void expect(String what, ExtProcPhase allowed) {
    if (phase != allowed) {
      throw error(
          Status.FAILED_PRECONDITION,
          "ext_proc message out of order: "
              + what
              + " received "
              + ExtProcPhaseText.after(phase)
              + "; expected "
              + ExtProcPhaseText.expected(phase));
    }
  }

  private static String describe(ProcessingRequest m) {
    return m.getRequestCase().name().toLowerCase(java.util.Locale.ROOT);
  }

  private static boolean isBuffered(BodyMode mode) {
    return mode == BodyMode.BUFFERED || mode == BodyMode.BUFFERED_PARTIAL;
  }

  /** FULL_DUPLEX_STREAMED and any newer mode are read as streamed. */
  private static BodyMode bodyMode(String name) {
    for (BodyMode m : BodyMode.values()) {
      if (m.name().equals(name)) {
        return m;
      }
    }
    return BodyMode.STREAMED;
  }

  static GrpcServiceException error(Status status, String description) {
    return new GrpcServiceException(status.withDescription(description));
  }
}
