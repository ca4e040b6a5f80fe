package ai.traceable.tme.injector;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers AdmissionReview v1 requests for pods: a pod annotated {@value #INJECT_ANNOTATION}{@code :
 * "true"} that lacks the sidecar is allowed with a JSON Patch adding it; every other object is
 * allowed unchanged. The namespace label {@code traceableai-inject-tme=enabled} is checked by the
 * API server (the webhook's namespaceSelector), not here.
 *
 * <p>Stateless and thread-safe.
 */
public final class PodInjector {
  /** Pod annotation that asks for the sidecar. */
  public static final String INJECT_ANNOTATION = "tme.traceable.ai/inject";

  static final String API_VERSION = "admission.k8s.io/v1";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Logger log = LoggerFactory.getLogger(PodInjector.class);

  private final SidecarTemplate template;

  public PodInjector(SidecarTemplate template) {
    this.template = template;
  }

  /**
   * The AdmissionReview to send back for a request body.
   *
   * @throws MalformedReviewException when the body is not an AdmissionReview v1 with a request
   */
  byte[] review(byte[] body) {
    JsonNode review;
    try {
      review = JSON.readTree(body);
    } catch (JacksonException e) {
      throw new MalformedReviewException("the body is not JSON: " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (review == null || !review.isObject()) {
      throw new MalformedReviewException("the body is not a JSON object");
    }
    if (!API_VERSION.equals(review.path("apiVersion").asText())
        || !"AdmissionReview".equals(review.path("kind").asText())) {
      throw new MalformedReviewException("expected an AdmissionReview of " + API_VERSION);
    }
    JsonNode request = review.path("request");
    String uid = request.path("uid").asText("");
    if (!request.isObject() || uid.isEmpty()) {
      throw new MalformedReviewException("the AdmissionReview has no request.uid");
    }
    ObjectNode response = answer(request);
    response.put("uid", uid);
    ObjectNode out = JSON.createObjectNode();
    out.put("apiVersion", API_VERSION);
    out.put("kind", "AdmissionReview");
    out.set("response", response);
    try {
      return JSON.writeValueAsBytes(out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private ObjectNode answer(JsonNode request) {
    ObjectNode response = JSON.createObjectNode();
    response.put("allowed", true);
    JsonNode kind = request.path("kind");
    boolean pod = "Pod".equals(kind.path("kind").asText()) && kind.path("group").asText().isEmpty();
    if (!pod) {
      return response;
    }
    JsonNode object = request.path("object");
    if (!object.isObject()) {
      throw new MalformedReviewException("the AdmissionReview for a Pod has no request.object");
    }
    boolean asked =
        "true"
            .equalsIgnoreCase(
                object.path("metadata").path("annotations").path(INJECT_ANNOTATION).asText());
    if (!asked || PodPatch.alreadyInjected(object, template)) {
      return response;
    }
    ArrayNode patch = PodPatch.of(object, template);
    JsonNode metadata = object.path("metadata");
    log.info(
        "injecting {} into pod {}/{}",
        template.containerName(),
        request.path("namespace").asText(metadata.path("namespace").asText()),
        metadata.path("name").asText(metadata.path("generateName").asText() + "*"));
    response.put("patchType", "JSONPatch");
    try {
      response.put("patch", Base64.getEncoder().encodeToString(JSON.writeValueAsBytes(patch)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return response;
  }
}
