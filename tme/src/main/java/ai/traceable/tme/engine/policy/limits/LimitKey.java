package ai.traceable.tme.engine.policy.limits;

import ai.traceable.tme.engine.policy.PolicyRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * What a rate limit or enumeration rule counts by: any combination of the client address, a header,
 * a JWT claim, the endpoint and the method, written {@code ip}, {@code header:x-api-key}, {@code
 * claim:sub}, {@code path}, {@code method}. Immutable and thread-safe.
 */
public record LimitKey(List<Part> parts) {
  /** Keys longer than this are replaced by a SHA-256 digest, so no client can grow the state. */
  static final int MAX_KEY_CHARS = 200;

  /** Separates the parts; cannot occur in a header value Envoy forwards. */
  private static final char SEPARATOR = '\u001f';

  /** One component of a key. */
  public sealed interface Part {
    /** The component's value for a request, or null when the request lacks it. */
    String value(PolicyRequest request, String endpoint);
  }

  record Ip() implements Part {
    @Override
    public String value(PolicyRequest request, String endpoint) {
      String client = request.client();
      return client.isEmpty() ? null : client;
    }
  }

  record Method() implements Part {
    @Override
    public String value(PolicyRequest request, String endpoint) {
      return request.view().method();
    }
  }

  /** The matched path template, or the path without query when the rule names no template. */
  record Endpoint() implements Part {
    @Override
    public String value(PolicyRequest request, String endpoint) {
      return endpoint;
    }
  }

  record Header(String name) implements Part {
    @Override
    public String value(PolicyRequest request, String endpoint) {
      return request.header(name);
    }
  }

  record Claim(String name) implements Part {
    @Override
    public String value(PolicyRequest request, String endpoint) {
      return request.claim(name);
    }
  }

  public LimitKey {
    parts = List.copyOf(parts);
  }

  public static LimitKey compile(List<String> spec, String where) {
    if (spec == null || spec.isEmpty()) {
      return new LimitKey(List.of(new Ip()));
    }
    List<Part> parts = new ArrayList<>();
    for (String s : spec) {
      parts.add(part(s, where));
    }
    if (parts.stream().distinct().count() != parts.size()) {
      throw new IllegalArgumentException(where + ": 'key' names the same part twice");
    }
    return new LimitKey(parts);
  }

  private static Part part(String s, String where) {
    if (s == null || s.isBlank()) {
      throw new IllegalArgumentException(where + ": 'key' holds an empty entry");
    }
    String t = s.strip();
    String lower = t.toLowerCase(Locale.ROOT);
    if (lower.equals("ip")) {
      return new Ip();
    }
    if (lower.equals("method")) {
      return new Method();
    }
    if (lower.equals("path")) {
      return new Endpoint();
    }
    if (lower.startsWith("header:") && t.length() > 7) {
      return new Header(lower.substring(7).strip());
    }
    if (lower.startsWith("claim:") && t.length() > 6) {
      return new Claim(t.substring(6).strip());
    }
    throw new IllegalArgumentException(
        where
            + ": unknown key part '"
            + s
            + "' (expected ip, method, path, header:<name> or claim:<name>)");
  }

  /** The key of a request, or null when the request lacks one of the parts. */
  public String of(PolicyRequest request, String endpoint) {
    if (parts.size() == 1) {
      return bounded(parts.get(0).value(request, endpoint));
    }
    StringBuilder key = new StringBuilder(64);
    for (Part p : parts) {
      String v = p.value(request, endpoint);
      if (v == null) {
        return null;
      }
      if (key.length() > 0) {
        key.append(SEPARATOR);
      }
      key.append(v);
    }
    return bounded(key.toString());
  }

  private static String bounded(String key) {
    if (key == null || key.length() <= MAX_KEY_CHARS) {
      return key;
    }
    try {
      // a cryptographic digest: a client must not be able to pick a key colliding with another's
      byte[] d = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
      return "sha256:" + HexFormat.of().formatHex(d);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }
}
