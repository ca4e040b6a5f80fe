package ai.traceable.tme.engine.seclang.eval;

import ai.traceable.tme.engine.seclang.SecLangRequest;
import ai.traceable.tme.engine.seclang.body.BodyData;
import ai.traceable.tme.engine.seclang.body.Param;
import ai.traceable.tme.engine.seclang.body.UrlEncoded;
import ai.traceable.tme.engine.seclang.model.Variable;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The variables that come from the request itself, built once per transaction: line, URI parts,
 * query arguments, headers and cookies at the start, and the body's variables after the body
 * processor ran (between phases 1 and 2). Not thread-safe; owned by one transaction.
 */
final class RequestVariables {

  private final Map<Variable, List<Entry>> collections = new EnumMap<>(Variable.class);
  private final Map<Variable, Entry> scalars = new EnumMap<>(Variable.class);

  RequestVariables(SecLangRequest r) {
    scalar(Variable.REQUEST_METHOD, r.method());
    scalar(Variable.REQUEST_PROTOCOL, r.protocol());
    scalar(Variable.REQUEST_LINE, r.method() + " " + r.uri() + " " + r.protocol());
    scalar(Variable.REQUEST_URI_RAW, r.uri());
    String uri = withoutSchemeAndHost(r.uri());
    scalar(Variable.REQUEST_URI, uri);
    int hash = uri.indexOf('#');
    String noFragment = hash < 0 ? uri : uri.substring(0, hash);
    int q = noFragment.indexOf('?');
    String path = q < 0 ? noFragment : noFragment.substring(0, q);
    String query = q < 0 ? "" : noFragment.substring(q + 1);
    // ModSecurity and Coraza expose the path percent-decoded (a '+' stays a '+')
    String filename = UrlEncoded.decodePercent(path);
    scalar(Variable.REQUEST_FILENAME, filename);
    int slash = Math.max(filename.lastIndexOf('/'), filename.lastIndexOf('\\'));
    scalar(Variable.REQUEST_BASENAME, filename.substring(slash + 1));
    scalar(Variable.QUERY_STRING, query);
    scalar(Variable.REMOTE_ADDR, r.remoteAddress());
    scalar(Variable.REMOTE_PORT, Integer.toString(r.remotePort()));
    List<Param> get = UrlEncoded.parse(query);
    params(Variable.ARGS_GET, Variable.ARGS_GET_NAMES, get);
    params(Variable.ARGS, Variable.ARGS_NAMES, get);
    scalar(Variable.URLENCODED_ERROR, UrlEncoded.invalidEncoding(query) ? "1" : "0");
    List<Param> headers = new ArrayList<>();
    List<Param> cookies = new ArrayList<>();
    for (SecLangRequest.Header h : r.headers()) {
      headers.add(new Param(h.name(), h.value()));
      if (h.name().equalsIgnoreCase("cookie")) {
        cookies.addAll(Cookies.parse(h.value()));
      }
    }
    params(Variable.REQUEST_HEADERS, Variable.REQUEST_HEADERS_NAMES, headers);
    params(Variable.REQUEST_COOKIES, Variable.REQUEST_COOKIES_NAMES, cookies);
    scalar(Variable.REQUEST_BODY_LENGTH, Integer.toString(r.body().length));
    scalar(Variable.ARGS_COMBINED_SIZE, Long.toString(combinedSize()));
    scalar(Variable.FILES_COMBINED_SIZE, "0");
    scalar(Variable.REQBODY_ERROR, "0");
    scalar(Variable.REQBODY_PROCESSOR_ERROR, "0");
    scalar(Variable.MULTIPART_STRICT_ERROR, "0");
  }

  /** Adds what the body processor found; {@code rawBody} is null when the body is not exposed. */
  void addBody(BodyData body, String rawBody) {
    if (rawBody != null) {
      scalar(Variable.REQUEST_BODY, rawBody);
    }
    params(Variable.ARGS_POST, Variable.ARGS_POST_NAMES, body.args());
    params(Variable.ARGS, Variable.ARGS_NAMES, body.args());
    scalar(Variable.ARGS_COMBINED_SIZE, Long.toString(combinedSize()));
    long filesSize = 0;
    for (BodyData.UploadedFile f : body.files()) {
      add(Variable.FILES, f.field(), f.filename());
      add(Variable.FILES_NAMES, f.field(), f.field());
      add(Variable.FILES_SIZES, f.field(), Long.toString(f.size()));
      filesSize += f.size();
    }
    scalar(Variable.FILES_COMBINED_SIZE, Long.toString(filesSize));
    for (Param p : body.partHeaders()) {
      add(Variable.MULTIPART_PART_HEADERS, p.name(), p.value());
    }
    for (Param p : body.xml()) {
      add(Variable.XML, p.name(), p.value());
    }
    boolean strict = body.error() != null;
    for (Map.Entry<String, Integer> flag : body.flags().entrySet()) {
      scalar(Variable.valueOf(flag.getKey()), Integer.toString(flag.getValue()));
      strict |= flag.getValue() != 0 && !flag.getKey().equals("MULTIPART_CRLF_LF_LINES");
    }
    if (!body.flags().isEmpty()) {
      scalar(Variable.MULTIPART_STRICT_ERROR, strict ? "1" : "0");
    }
    if (body.error() != null) {
      scalar(Variable.REQBODY_ERROR, "1");
      scalar(Variable.REQBODY_PROCESSOR_ERROR, "1");
      scalar(Variable.REQBODY_ERROR_MSG, body.error());
    }
  }

  /** The entries of a collection, in order (empty when it has none). */
  List<Entry> collection(Variable v) {
    return collections.getOrDefault(v, List.of());
  }

  /** The entry of a scalar, or null when the request does not define it. */
  Entry scalar(Variable v) {
    return scalars.get(v);
  }

  void scalar(Variable v, String value) {
    scalars.put(v, new Entry(v, null, value, 0));
  }

  private void params(Variable values, Variable names, List<Param> params) {
    for (Param p : params) {
      add(values, p.name(), p.value());
      add(names, p.name(), p.name());
    }
  }

  private void add(Variable v, String key, String value) {
    List<Entry> entries = collections.computeIfAbsent(v, k -> new ArrayList<>());
    entries.add(new Entry(v, key, value, entries.size()));
  }

  private long combinedSize() {
    long size = 0;
    for (Entry e : collection(Variable.ARGS)) {
      size += e.key().length() + e.value().length();
    }
    return size;
  }

  private static String withoutSchemeAndHost(String uri) {
    int scheme = uri.indexOf("://");
    if (scheme <= 0 || uri.indexOf('/') < scheme) {
      return uri;
    }
    int path = uri.indexOf('/', scheme + 3);
    return path < 0 ? "/" : uri.substring(path);
  }
}
