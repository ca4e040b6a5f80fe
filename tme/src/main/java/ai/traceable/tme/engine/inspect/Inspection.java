package ai.traceable.tme.engine.inspect;

/**
 * One request as the stages of evaluation read it: the {@link RequestView}, and its values decoded
 * for inspection ({@link Inputs}), extracted on first use so that a request settled by an earlier
 * stage never pays for them, and the evaluation's {@link TimeBudget}. Not thread-safe; one per
 * evaluation.
 */
public final class Inspection {
  private final RequestView view;
  private final InputExtractor extractor;
  private final TimeBudget budget;
  private Inputs inputs;

  public Inspection(RequestView view, InputExtractor extractor) {
    this(view, extractor, TimeBudget.NONE);
  }

  /**
   * @param budget how long stages may take; they stop early once it is over
   */
  public Inspection(RequestView view, InputExtractor extractor, TimeBudget budget) {
    this.view = view;
    this.extractor = extractor;
    this.budget = budget;
  }

  public RequestView view() {
    return view;
  }

  /** The evaluation's time budget ({@link TimeBudget#NONE} when unlimited). */
  public TimeBudget budget() {
    return budget;
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
