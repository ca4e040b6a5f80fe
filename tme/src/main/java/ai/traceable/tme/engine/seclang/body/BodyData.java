package ai.traceable.tme.engine.seclang.body;

import java.util.List;
import java.util.Map;

/**
 * What a request body processor extracted.
 *
 * @param args the parameters, for {@code ARGS_POST}
 * @param files the uploaded files of a multipart body
 * @param partHeaders the header lines of each multipart part, by part name
 * @param flags the multipart flags ({@code MULTIPART_*} variable name to 0/1)
 * @param error the processing error message, or null when the body parsed
 */
public record BodyData(
    List<Param> args,
    List<UploadedFile> files,
    List<Param> partHeaders,
    Map<String, Integer> flags,
    String error) {

  public BodyData {
    args = List.copyOf(args);
    files = List.copyOf(files);
    partHeaders = List.copyOf(partHeaders);
    flags = Map.copyOf(flags);
  }

  /** Only parameters. */
  public static BodyData ofArgs(List<Param> args) {
    return new BodyData(args, List.of(), List.of(), Map.of(), null);
  }

  /** A body that failed to parse. */
  public static BodyData failed(String error) {
    return new BodyData(List.of(), List.of(), List.of(), Map.of(), error);
  }

  /**
   * One uploaded file.
   *
   * @param field the form field name
   * @param filename the file name the client gave
   * @param size the content length in bytes
   */
  public record UploadedFile(String field, String filename, long size) {}
}
