package ai.traceable.tme.engine.seclang.parse;

/**
 * A rule file that cannot be loaded. The message starts with {@code file:line:} of the offending
 * directive.
 */
public final class SecLangSyntaxException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public SecLangSyntaxException(String message) {
    super(message);
  }

  public SecLangSyntaxException(String message, Throwable cause) {
    super(message, cause);
  }
}
