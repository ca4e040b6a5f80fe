package ai.traceable.tme.logging;

import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.encoder.EncoderBase;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * A logback encoder that writes either human-readable lines or JSON lines, chosen when logging
 * starts from the {@code tme.log.format} system property or the {@code TME_LOG_FORMAT} environment
 * variable ({@code text} or {@code json}, case-insensitive).
 *
 * <p>Both formats are written as UTF-8, whatever the locale. An unknown value falls back to text,
 * so a typo never silences the log; tme's settings then reject the value with a clear error. Used
 * from logback.xml; thread-safe once started.
 */
public final class FormatSelectingEncoder extends EncoderBase<ILoggingEvent> {
  private String pattern = "%d %-5level [%thread] %logger{36} - %msg%n";
  private Encoder<ILoggingEvent> delegate;

  /** The pattern of the text format (logback PatternLayout syntax). */
  public void setPattern(String pattern) {
    this.pattern = pattern;
  }

  /** The format in effect: {@code json} or {@code text}. */
  static String selectedFormat() {
    String value = System.getProperty("tme.log.format");
    if (value == null || value.isBlank()) {
      value = System.getenv("TME_LOG_FORMAT");
    }
    return value != null && value.trim().equalsIgnoreCase("json") ? "json" : "text";
  }

  @Override
  public void start() {
    if ("json".equals(selectedFormat())) {
      JsonEncoder json = new JsonEncoder();
      json.setContext(getContext());
      json.setWithFormattedMessage(true);
      json.setWithMessage(false);
      json.setWithArguments(false);
      json.setWithSequenceNumber(false);
      json.setWithNanoseconds(false);
      json.setWithContext(false);
      delegate = json;
    } else {
      PatternLayoutEncoder text = new PatternLayoutEncoder();
      text.setContext(getContext());
      text.setPattern(pattern);
      // UTF-8 like the JSON lines, not the locale's charset: under LC_ALL=C Java 17 would write
      // every non-ASCII character (a blocking message, a request path) as '?'
      text.setCharset(StandardCharsets.UTF_8);
      delegate = text;
    }
    delegate.start();
    super.start();
  }

  @Override
  public void stop() {
    if (delegate != null) {
      delegate.stop();
    }
    super.stop();
  }

  @Override
  public byte[] headerBytes() {
    return delegate.headerBytes();
  }

  @Override
  public byte[] encode(ILoggingEvent event) {
    return delegate.encode(event);
  }

  @Override
  public byte[] footerBytes() {
    return delegate.footerBytes();
  }

  @Override
  public String toString() {
    return "FormatSelectingEncoder[" + selectedFormat().toLowerCase(Locale.ROOT) + "]";
  }
}
