package ai.traceable.tme.capture;

import static com.google.protobuf.CodedOutputStream.computeBoolSize;
import static com.google.protobuf.CodedOutputStream.computeEnumSize;
import static com.google.protobuf.CodedOutputStream.computeFixed64Size;
import static com.google.protobuf.CodedOutputStream.computeInt64Size;
import static com.google.protobuf.CodedOutputStream.computeStringSize;
import static com.google.protobuf.CodedOutputStream.computeTagSize;
import static com.google.protobuf.CodedOutputStream.computeUInt32SizeNoTag;

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.WireFormat;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * Writes an {@code ExportTraceServiceRequest} straight to its wire bytes, with the field numbers of
 * the official OpenTelemetry classes and protobuf's own {@link CodedOutputStream}. Building the
 * message first costs two objects and a builder per attribute (about twenty per span) and a second
 * walk to size them; this writes each span once into an exact-size array. The output is the same
 * bytes the official classes produce for the same spans, in the same field order (proto3 defaults
 * left out), which {@code SpanWriterTest} checks; decoding stays with the official classes.
 *
 * <p>Thread-safe: the scratch space for a span's attributes is per thread.
 */
final class SpanWriter {
  private static final int LENGTH_DELIMITED = WireFormat.WIRETYPE_LENGTH_DELIMITED;

  private SpanWriter() {}

  private static final ThreadLocal<Attributes> SCRATCH = ThreadLocal.withInitial(Attributes::new);

  /** One record as the bytes of a {@code Span} message (no field tag or length in front). */
  static byte[] span(SpanEncoder encoder, CaptureRecord record) {
    SpanEncoder.SpanHead head = encoder.head(record);
    Attributes attributes = SCRATCH.get();
    attributes.clear();
    try {
      encoder.attributes(record, attributes);
      return span(head, attributes);
    } finally {
      attributes.clear();
    }
  }

  /** The request around spans written by {@link #span(SpanEncoder, CaptureRecord)}. */
  static byte[] envelope(SpanEncoder encoder, List<byte[]> spans) {
    byte[] resource = encoder.resourceBytes();
    byte[] scope = encoder.scopeBytes();
    long spansSize = 0;
    for (byte[] span : spans) {
      spansSize += computeTagSize(ScopeSpans.SPANS_FIELD_NUMBER) + lengthDelimited(span.length);
    }
    long scopeSpansSize =
        computeTagSize(ScopeSpans.SCOPE_FIELD_NUMBER) + lengthDelimited(scope.length) + spansSize;
    long resourceSpansSize =
        computeTagSize(ResourceSpans.RESOURCE_FIELD_NUMBER)
            + lengthDelimited(resource.length)
            + computeTagSize(ResourceSpans.SCOPE_SPANS_FIELD_NUMBER)
            + lengthDelimited(scopeSpansSize);
    long total =
        computeTagSize(ExportTraceServiceRequest.RESOURCE_SPANS_FIELD_NUMBER)
            + lengthDelimited(resourceSpansSize);
    if (total > Integer.MAX_VALUE - 16) {
      throw new IllegalArgumentException("capture batch too large to encode: " + total + " bytes");
    }
    byte[] out = new byte[(int) total];
    CodedOutputStream o = CodedOutputStream.newInstance(out);
    try {
      o.writeTag(ExportTraceServiceRequest.RESOURCE_SPANS_FIELD_NUMBER, LENGTH_DELIMITED);
      o.writeUInt32NoTag((int) resourceSpansSize);
      o.writeByteArray(ResourceSpans.RESOURCE_FIELD_NUMBER, resource);
      o.writeTag(ResourceSpans.SCOPE_SPANS_FIELD_NUMBER, LENGTH_DELIMITED);
      o.writeUInt32NoTag((int) scopeSpansSize);
      o.writeByteArray(ScopeSpans.SCOPE_FIELD_NUMBER, scope);
      for (byte[] span : spans) {
        o.writeByteArray(ScopeSpans.SPANS_FIELD_NUMBER, span);
      }
      o.checkNoSpaceLeft();
    } catch (IOException e) {
      throw new UncheckedIOException("capture batch size miscomputed", e);
    }
    return out;
  }

  private static long lengthDelimited(long size) {
    return computeUInt32SizeNoTag((int) size) + size;
  }

  private static byte[] span(SpanEncoder.SpanHead head, Attributes attributes) {
    int size =
        computeTagSize(Span.TRACE_ID_FIELD_NUMBER)
            + (int) lengthDelimited(head.traceId().length)
            + computeTagSize(Span.SPAN_ID_FIELD_NUMBER)
            + (int) lengthDelimited(head.spanId().length)
            + (head.parentSpanId() == null
                ? 0
                : computeTagSize(Span.PARENT_SPAN_ID_FIELD_NUMBER)
                    + (int) lengthDelimited(head.parentSpanId().length))
            + computeStringSize(Span.NAME_FIELD_NUMBER, head.name())
            + computeEnumSize(Span.KIND_FIELD_NUMBER, Span.SpanKind.SPAN_KIND_SERVER_VALUE)
            + (head.startNanos() == 0
                ? 0
                : computeFixed64Size(Span.START_TIME_UNIX_NANO_FIELD_NUMBER, head.startNanos()))
            + (head.endNanos() == 0
                ? 0
                : computeFixed64Size(Span.END_TIME_UNIX_NANO_FIELD_NUMBER, head.endNanos()))
            + attributes.size();
    byte[] out = new byte[size];
    CodedOutputStream o = CodedOutputStream.newInstance(out);
    try {
      o.writeByteArray(Span.TRACE_ID_FIELD_NUMBER, head.traceId());
      o.writeByteArray(Span.SPAN_ID_FIELD_NUMBER, head.spanId());
      if (head.parentSpanId() != null) {
        o.writeByteArray(Span.PARENT_SPAN_ID_FIELD_NUMBER, head.parentSpanId());
      }
      o.writeString(Span.NAME_FIELD_NUMBER, head.name());
      o.writeEnum(Span.KIND_FIELD_NUMBER, Span.SpanKind.SPAN_KIND_SERVER_VALUE);
      if (head.startNanos() != 0) {
        o.writeFixed64(Span.START_TIME_UNIX_NANO_FIELD_NUMBER, head.startNanos());
      }
      if (head.endNanos() != 0) {
        o.writeFixed64(Span.END_TIME_UNIX_NANO_FIELD_NUMBER, head.endNanos());
      }
      attributes.writeTo(o);
      o.checkNoSpaceLeft();
    } catch (IOException e) {
      throw new UncheckedIOException("capture span size miscomputed", e);
    }
    return out;
  }

  /**
   * One span's attributes, collected so they can be sized before they are written. Reused from span
   * to span within a batch.
   */
  private static final class Attributes implements SpanEncoder.AttributeSink {
    private static final byte STRING = 0;
    private static final byte INT = 1;
    private static final byte BOOL = 2;
    private static final byte HEADER = 3;
    private static final byte[] HEADER_PREFIX =
        SpanEncoder.HEADER_PREFIX.getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private String[] keys = new String[32];
    // string values as UTF-8: the JDK's encoder copies an ASCII string in one vectorized pass,
    // where sizing and writing a String through protobuf walks it twice, character by character
    private byte[][] strings = new byte[32][];
    private long[] numbers = new long[32];
    private byte[] kinds = new byte[32];
    private int[] valueSizes = new int[32];
    private int[] keyValueSizes = new int[32];
    private int count;
    private int size;

    void clear() {
      Arrays.fill(strings, 0, count, null);
      count = 0;
      size = 0;
    }

    /** Bytes the attributes take in the span, tags and lengths included. */
    int size() {
      return size;
    }

    private void add(String key, byte kind, byte[] text, long number, int valueSize) {
      append(key, kind, text, number, valueSize, keyValueSize(key, valueSize));
    }

    private void append(
        String key, byte kind, byte[] text, long number, int valueSize, int keyValue) {
      if (count == keys.length) {
        int n = count * 2;
        keys = Arrays.copyOf(keys, n);
        strings = Arrays.copyOf(strings, n);
        numbers = Arrays.copyOf(numbers, n);
        kinds = Arrays.copyOf(kinds, n);
        valueSizes = Arrays.copyOf(valueSizes, n);
        keyValueSizes = Arrays.copyOf(keyValueSizes, n);
      }
      keys[count] = key;
      kinds[count] = kind;
      strings[count] = text;
      numbers[count] = number;
      valueSizes[count] = valueSize;
      keyValueSizes[count] = keyValue;
      count++;
      size += computeTagSize(Span.ATTRIBUTES_FIELD_NUMBER) + computeUInt32SizeNoTag(keyValue);
      size += keyValue;
    }

    private static int keyValueSize(String key, int valueSize) {
      return computeStringSize(KeyValue.KEY_FIELD_NUMBER, key) + valueFieldSize(valueSize);
    }

    private static int valueFieldSize(int valueSize) {
      return computeTagSize(KeyValue.VALUE_FIELD_NUMBER)
          + computeUInt32SizeNoTag(valueSize)
          + valueSize;
    }

    /**
     * Header keys are written as prefix, name and index straight from their parts: header names are
     * new strings on every request, so concatenating (or looking up) the key per span costs more
     * than the rest of the attribute. Names that are not plain ASCII take the general path.
     */
    @Override
    public void header(String name, int index, String value) {
      if (!ascii(name)) {
        string(SpanEncoder.headerKey(name, index), value);
        return;
      }
      int keyLength =
          HEADER_PREFIX.length + name.length() + (index < 0 ? 0 : 2 + decimalDigits(index));
      byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
      int valueSize = stringFieldSize(utf8);
      int keyValue =
          computeTagSize(KeyValue.KEY_FIELD_NUMBER)
              + computeUInt32SizeNoTag(keyLength)
              + keyLength
              + valueFieldSize(valueSize);
      append(name, HEADER, utf8, index, valueSize, keyValue);
    }

    private static boolean ascii(String s) {
      for (int i = 0; i < s.length(); i++) {
        if (s.charAt(i) >= 0x80) {
          return false;
        }
      }
      return true;
    }

    private static int decimalDigits(int n) {
      int digits = 1;
      while (n >= 10) {
        n /= 10;
        digits++;
      }
      return digits;
    }

    private void writeHeaderKey(CodedOutputStream o, String name, int index) throws IOException {
      int keyLength =
          HEADER_PREFIX.length + name.length() + (index < 0 ? 0 : 2 + decimalDigits(index));
      o.writeTag(KeyValue.KEY_FIELD_NUMBER, LENGTH_DELIMITED);
      o.writeUInt32NoTag(keyLength);
      o.writeRawBytes(HEADER_PREFIX);
      for (int i = 0; i < name.length(); i++) {
        o.writeRawByte((byte) name.charAt(i));
      }
      if (index >= 0) {
        o.writeRawByte((byte) '[');
        String digits = Integer.toString(index);
        for (int i = 0; i < digits.length(); i++) {
          o.writeRawByte((byte) digits.charAt(i));
        }
        o.writeRawByte((byte) ']');
      }
    }

    private static int stringFieldSize(byte[] utf8) {
      return computeTagSize(AnyValue.STRING_VALUE_FIELD_NUMBER)
          + (int) lengthDelimited(utf8.length);
    }

    @Override
    public void string(String key, String value) {
      byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
      add(key, STRING, utf8, 0, stringFieldSize(utf8));
    }

    @Override
    public void integer(String key, long value) {
      add(key, INT, null, value, computeInt64Size(AnyValue.INT_VALUE_FIELD_NUMBER, value));
    }

    @Override
    public void bool(String key, boolean value) {
      add(key, BOOL, null, value ? 1 : 0, computeBoolSize(AnyValue.BOOL_VALUE_FIELD_NUMBER, value));
    }

    void writeTo(CodedOutputStream o) throws IOException {
      for (int i = 0; i < count; i++) {
        o.writeTag(Span.ATTRIBUTES_FIELD_NUMBER, LENGTH_DELIMITED);
        o.writeUInt32NoTag(keyValueSizes[i]);
        if (kinds[i] == HEADER) {
          writeHeaderKey(o, keys[i], (int) numbers[i]);
        } else {
          o.writeString(KeyValue.KEY_FIELD_NUMBER, keys[i]);
        }
        o.writeTag(KeyValue.VALUE_FIELD_NUMBER, LENGTH_DELIMITED);
        o.writeUInt32NoTag(valueSizes[i]);
        switch (kinds[i]) {
          case STRING, HEADER -> o.writeByteArray(AnyValue.STRING_VALUE_FIELD_NUMBER, strings[i]);
          case INT -> o.writeInt64(AnyValue.INT_VALUE_FIELD_NUMBER, numbers[i]);
          default -> o.writeBool(AnyValue.BOOL_VALUE_FIELD_NUMBER, numbers[i] != 0);
        }
      }
    }
  }
}
