package ai.traceable.tme.engine.seclang.eval;

import ai.traceable.tme.engine.seclang.SecLangRequest;
import ai.traceable.tme.engine.seclang.body.BodyData;
import ai.traceable.tme.engine.seclang.body.JsonBody;
import ai.traceable.tme.engine.seclang.body.MultipartBody;
import ai.traceable.tme.engine.seclang.body.UrlEncoded;
import ai.traceable.tme.engine.seclang.model.Disruptive;
import ai.traceable.tme.engine.seclang.model.EngineSettings;
import ai.traceable.tme.engine.seclang.model.RuleEngineMode;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The step between phase 1 and phase 2: apply the body limits, run the body processor chosen by the
 * Content-Type (or by {@code ctl:requestBodyProcessor} in phase 1), and expose the result. {@code
 * REQUEST_BODY} holds the raw body whatever the processor, as in ModSecurity 3 and Coraza. XML is
 * not parsed yet: an XML body yields no {@code XML:} values.
 */
final class BodyProcessing {

  private static final int STATUS_TOO_LARGE = 413;

  private BodyProcessing() {}

  /** The processor ModSecurity picks from the Content-Type before phase 1. */
  static String initialProcessor(SecLangRequest request) {
    String type = request.header("Content-Type");
    if (type == null) {
      return null;
    }
    String media = mediaType(type);
    if (media.equals("application/x-www-form-urlencoded")) {
      return "URLENCODED";
    }
    if (media.equals("multipart/form-data")) {
      return "MULTIPART";
    }
    return null;
  }

  static void process(
      SecLangRequest request,
      EngineSettings settings,
      Transaction t,
      SecLangEvaluator.Outcome out) {
    if (!t.bodyAccess) {
      return;
    }
    byte[] body = request.body();
    boolean multipart = "MULTIPART".equals(t.bodyProcessor);
    long limit =
        multipart
            ? settings.requestBodyLimit()
            : Math.min(settings.requestBodyLimit(), settings.requestBodyNoFilesLimit());
    if (body.length > limit) {
      if (settings.rejectOverLimit()) {
        boolean enforced = t.engineMode == RuleEngineMode.ON;
        out.disrupt(Disruptive.DENY, STATUS_TOO_LARGE, 0, enforced);
        out.stopped = enforced;
        if (enforced) {
          return;
        }
      }
      body = Arrays.copyOf(body, (int) limit);
    }
    String raw = new String(body, StandardCharsets.ISO_8859_1);
    BodyData data = parse(t.bodyProcessor, body, raw, request, settings);
    if (data.args().size() > settings.argumentsLimit()) {
      data =
          new BodyData(
              data.args().subList(0, settings.argumentsLimit()),
              data.files(),
              data.partHeaders(),
              data.flags(),
              data.error());
    }
    t.request.addBody(data, raw);
  }

  private static BodyData parse(
      String processor, byte[] body, String raw, SecLangRequest request, EngineSettings settings) {
    if (processor == null || body.length == 0) {
      return BodyData.ofArgs(List.of());
    }
    return switch (processor) {
      case "URLENCODED" -> BodyData.ofArgs(UrlEncoded.parse(raw));
      case "JSON" -> JsonBody.parse(body, settings.jsonDepthLimit());
      case "MULTIPART" -> MultipartBody.parse(body, contentType(request));
      default -> BodyData.ofArgs(List.of());
    };
  }

  private static String contentType(SecLangRequest request) {
    String type = request.header("Content-Type");
    return type == null ? "" : type;
  }

  static String mediaType(String contentType) {
    int semi = contentType.indexOf(';');
    return (semi < 0 ? contentType : contentType.substring(0, semi))
        .strip()
        .toLowerCase(Locale.ROOT);
  }
}
