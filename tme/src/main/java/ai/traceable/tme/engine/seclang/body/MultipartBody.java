package ai.traceable.tme.engine.seclang.body;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code multipart/form-data} body processor. Form fields become arguments, file parts become
 * {@code FILES} entries, every part's header lines are kept for {@code MULTIPART_PART_HEADERS}, and
 * the irregularities ModSecurity reports are set as {@code MULTIPART_*} flags (together they make
 * {@code MULTIPART_STRICT_ERROR}). A missing or broken boundary, a part without a usable
 * Content-Disposition, or a missing final boundary is a body processing error.
 */
public final class MultipartBody {

  /** ModSecurity's default {@code SecUploadFileLimit}. */
  static final int FILE_LIMIT = 100;

  private final String body;
  private final String delimiter;
  private final Map<String, Integer> flags = new LinkedHashMap<>();
  private final List<Param> args = new ArrayList<>();
  private final List<BodyData.UploadedFile> files = new ArrayList<>();
  private final List<Param> partHeaders = new ArrayList<>();
  private final List<String> headers = new ArrayList<>();
  private final StringBuilder data = new StringBuilder();
  private String error;
  private int crlfLines;
  private int lfLines;

  private enum State {
    PREAMBLE,
    HEADERS,
    BODY,
    EPILOGUE
  }

  private MultipartBody(String body, String boundary) {
    this.body = body;
    this.delimiter = "--" + boundary;
  }

  public static BodyData parse(byte[] bytes, String contentType) {
    MultipartBoundary boundary = MultipartBoundary.of(contentType);
    if (boundary.value() == null) {
      return BodyData.failed("Multipart: invalid boundary in Content-Type");
    }
    MultipartBody parser =
        new MultipartBody(new String(bytes, StandardCharsets.ISO_8859_1), boundary.value());
    parser.flag("MULTIPART_BOUNDARY_QUOTED", boundary.quoted());
    parser.flag("MULTIPART_BOUNDARY_WHITESPACE", boundary.whitespace());
    return parser.run();
  }

  private BodyData run() {
    State state = State.PREAMBLE;
    int pos = 0;
    while (pos < body.length() && error == null) {
      int nl = body.indexOf('\n', pos);
      int end = nl < 0 ? body.length() : nl;
      boolean cr = end > pos && body.charAt(end - 1) == '\r';
      String line = body.substring(pos, cr ? end - 1 : end);
      String terminator = nl < 0 ? "" : cr ? "\r\n" : "\n";
      pos = nl < 0 ? body.length() : nl + 1;
      state = line(state, line, terminator);
    }
    if (error == null && state != State.EPILOGUE) {
      error = "Multipart: final boundary missing";
    }
    flag("MULTIPART_LF_LINE", lfLines > 0);
    flag("MULTIPART_CRLF_LF_LINES", lfLines > 0 && crlfLines > 0);
    flag("MULTIPART_FILE_LIMIT_EXCEEDED", files.size() > FILE_LIMIT);
    for (String f :
        List.of(
            "MULTIPART_DATA_BEFORE",
            "MULTIPART_DATA_AFTER",
            "MULTIPART_HEADER_FOLDING",
            "MULTIPART_INVALID_HEADER_FOLDING",
            "MULTIPART_INVALID_PART",
            "MULTIPART_INVALID_QUOTING",
            "MULTIPART_MISSING_SEMICOLON",
            "MULTIPART_UNMATCHED_BOUNDARY")) {
      flags.putIfAbsent(f, 0);
    }
    return new BodyData(args, files, partHeaders, flags, error);
  }

  private State line(State state, String line, String terminator) {
    if (line.startsWith(delimiter)) {
      String rest = line.substring(delimiter.length());
      boolean last = rest.startsWith("--");
      if ((last ? rest.substring(2) : rest).isBlank()) {
        countEnding(terminator);
        if (state == State.HEADERS || state == State.BODY) {
          finishPart(state);
        }
        return last ? State.EPILOGUE : State.HEADERS;
      }
      flag("MULTIPART_UNMATCHED_BOUNDARY", true);
    }
    switch (state) {
      case PREAMBLE -> flag("MULTIPART_DATA_BEFORE", !line.isEmpty() || data.length() > 0);
      case HEADERS -> {
        countEnding(terminator);
        return header(line);
      }
      case BODY -> data.append(line).append(terminator);
      case EPILOGUE -> {
        if (!line.isEmpty()) {
          flag("MULTIPART_DATA_AFTER", true);
        }
      }
    }
    return state;
  }

  private State header(String line) {
    if (line.isEmpty()) {
      data.setLength(0);
      return State.BODY;
    }
    if (line.charAt(0) == ' ' || line.charAt(0) == '\t') {
      if (headers.isEmpty()) {
        flag("MULTIPART_INVALID_HEADER_FOLDING", true);
      } else {
        flag("MULTIPART_HEADER_FOLDING", true);
        int last = headers.size() - 1;
        headers.set(last, headers.get(last) + " " + line.strip());
      }
      return State.HEADERS;
    }
    if (line.indexOf(':') <= 0) {
      error = "Multipart: invalid part header";
    }
    headers.add(line);
    return State.HEADERS;
  }

  private void finishPart(State state) {
    if (state == State.HEADERS) {
      flag("MULTIPART_INVALID_PART", true);
    }
    String value = data.toString();
    if (value.endsWith("\r\n")) {
      value = value.substring(0, value.length() - 2);
    } else if (value.endsWith("\n")) {
      value = value.substring(0, value.length() - 1);
    }
    ContentDisposition cd = null;
    for (String h : headers) {
      int colon = h.indexOf(':');
      if (h.substring(0, colon).strip().equalsIgnoreCase("content-disposition")) {
        cd = ContentDisposition.parse(h.substring(colon + 1));
      }
    }
    if (cd == null || cd.error() != null || cd.name() == null) {
      flag("MULTIPART_INVALID_PART", true);
      error = "Multipart: part without a valid Content-Disposition";
    } else {
      flag("MULTIPART_INVALID_QUOTING", cd.invalidQuoting());
      flag("MULTIPART_MISSING_SEMICOLON", cd.missingSemicolon());
      for (String h : headers) {
        partHeaders.add(new Param(cd.name(), h));
      }
      if (cd.filename() != null) {
        files.add(new BodyData.UploadedFile(cd.name(), cd.filename(), value.length()));
      } else {
        args.add(new Param(cd.name(), value));
      }
    }
    headers.clear();
    data.setLength(0);
  }

  private void countEnding(String terminator) {
    if (terminator.equals("\n")) {
      lfLines++;
    } else if (terminator.equals("\r\n")) {
      crlfLines++;
    }
  }

  private void flag(String name, boolean set) {
    if (set) {
      flags.put(name, 1);
    } else {
      flags.putIfAbsent(name, 0);
    }
  }
}
