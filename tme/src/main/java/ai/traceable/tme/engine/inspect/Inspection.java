package ai.traceable.tme.engine.inspect;

/**
 * One request as the stages of evaluation read it: the {@link RequestView}, and its values decoded
 * for inspection ({@link Inputs}), extracted on first use so that a request settled by an earlier
 * stage never pays for them. Not thread-safe; one per evaluation.
 */
public final class Inspection {
  private final RequestView view;
  private final InputExtractor extractor;
  private Inputs inputs;

  public Inspection(RequestView view, InputExtractor extractor) {
    this.view = view;
    this.extractor = extractor;
  }

  public RequestView view() {
    return view;
  }

  /** The request's inspected values, extracted on the first call. */
  public Inputs inputs() {
    Inputs i = inputs;
    if (i == null) {
      i = extractor.extract(view);
      inputs = i;
    }
    return i;
  }
}
