package ai.traceable.tme.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class FormatSelectingEncoderTest {
  @Test
  void textLinesAreUtf8WhateverTheLocale() {
    LoggerContext context = new LoggerContext();
    FormatSelectingEncoder encoder = new FormatSelectingEncoder();
    encoder.setContext(context);
    encoder.setPattern("%msg%n");
    encoder.start();
    LoggingEvent event =
        new LoggingEvent(
            getClass().getName(),
            context.getLogger("test"),
            Level.INFO,
            "denied /caf\u00e9 \u2013 d\u00e9j\u00e0 vu",
            null,
            null);

    byte[] line = encoder.encode(event);

    assertThat(line)
        .isEqualTo(
            ("denied /caf\u00e9 \u2013 d\u00e9j\u00e0 vu" + System.lineSeparator())
                .getBytes(StandardCharsets.UTF_8));
  }
}
