package ai.traceable.tme.rules;

/** A rules file could not be loaded; the message names the file and the problem. */
public final class RulesException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public RulesException(String message) {
    super(message);
  }

  public RulesException(String message, Throwable cause) {
    super(message, cause);
  }
}
