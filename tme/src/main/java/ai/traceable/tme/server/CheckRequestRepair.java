package ai.traceable.tme.server;

import ai.traceable.tme.metrics.CheckMetrics.Partial;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.InvalidProtocolBufferException;
import io.envoyproxy.envoy.service.auth.v3.AttributeContext;
import io.envoyproxy.envoy.service.auth.v3.CheckRequest;
import java.io.ByteArrayOutputStream;

/**
 * Rewrites the bytes of a {@link CheckRequest} that protobuf-java refuses, or that were cut at
 * {@code tme.grpc.max-request-bytes}, into a message it accepts, keeping everything that can be
 * inspected. It walks the wire format with the message descriptors and repairs:
 *
 * <ul>
 *   <li>a string field holding invalid UTF-8 (Envoy validates neither header values nor a body sent
 *       as a string): valid sequences are kept, every other byte becomes the ISO-8859-1 character
 *       of the same value, so an overlong or stray byte stays visible to the detectors. The HTTP
 *       body moves to {@code raw_body} unchanged instead, so body parsers see the client's bytes;
 *   <li>a message nested more than {@value #MAX_DEPTH} levels deep: dropped (protobuf-java refuses
 *       100 levels; only metadata {@code Struct}s nest);
 *   <li>with {@code cut}, a message that ends early: whole fields are kept, the length-delimited
 *       field that was cut keeps its prefix (a string without a trailing incomplete character), a
 *       field cut inside its tag or length is dropped.
 * </ul>
 *
 * <p>Anything else that is not protobuf (an invalid wire type or tag, a group, a length past the
 * end of an uncut message) is refused with {@link InvalidProtocolBufferException}, as protobuf
 * would.
 *
 * <p>Only the failure path uses it: a message protobuf accepts is never walked. Work is linear in
 * the input per nesting level. Stateless.
 */
final class CheckRequestRepair {
  /** Deepest message kept; deeper ones are dropped. */
  static final int MAX_DEPTH = 64;

  private static final int VARINT = 0;
  private static final int FIXED64 = 1;
  private static final int LENGTH_DELIMITED = 2;
  private static final int FIXED32 = 5;

  private static final String TRUNCATED = "message truncated: a field runs past its end";
  private static final String MALFORMED_VARINT = "malformed varint";

  private static final FieldDescriptor BODY =
      AttributeContext.HttpRequest.getDescriptor()
          .findFieldByNumber(AttributeContext.HttpRequest.BODY_FIELD_NUMBER);

  private CheckRequestRepair() {}

  /** A decoded request and the {@link Partial} reasons (bits) it was decoded with. */
  record Decoded(CheckRequest request, int partial) {}

  /**
   * Repairs and decodes a message.
   *
   * @param cut whether {@code message} is the prefix of a longer one
   * @param strict why the strict parse refused the message, or null when it was not tried
   * @throws InvalidProtocolBufferException ({@code strict} when there is one) when the bytes are
   *     not a CheckRequest this class can repair
   */
  static Decoded repair(byte[] message, boolean cut, InvalidProtocolBufferException strict)
      throws InvalidProtocolBufferException {
    Walk walk = new Walk(message);
    byte[] bytes;
    try {
      bytes = walk.message(0, message.length, CheckRequest.getDescriptor(), 0, cut);
    } catch (InvalidProtocolBufferException e) {
      throw strict != null ? strict : e;
    }
    int partial = walk.partial | (cut ? Partial.TRUNCATED.bit() : 0);
    if (partial == 0 && strict != null) {
      throw strict; // nothing this class repairs: the same bytes would fail the same way
    }
    return new Decoded(CheckRequest.parseFrom(bytes), partial);
  }

  /** Repaired wire bytes of any message type and the {@link Partial} reasons (bits) repaired. */
  record Repaired(byte[] bytes, int partial) {}

  /**
   * Repairs the bytes of a whole (uncut) message of {@code type} the same way: invalid UTF-8 in
   * string fields read byte by byte, messages nested over {@value #MAX_DEPTH} levels dropped. Used
   * by ext_proc, whose messages carry no body as a string.
   *
   * @throws InvalidProtocolBufferException when the bytes are not protobuf at all
   */
  static Repaired repair(byte[] message, Descriptor type) throws InvalidProtocolBufferException {
    Walk walk = new Walk(message);
    byte[] bytes = walk.message(0, message.length, type, 0, false);
    return new Repaired(bytes, walk.partial);
  }

  /** One walk over one message's bytes; collects the reasons of what it repaired. */
  static final class Walk {
    private final byte[] in;
    private int partial;
    private int pos;

    Walk(byte[] in) {
      this.in = in;
    }

    /**
     * Copies the fields in {@code [from, to)} of a message of {@code type}, repairing them.
     *
     * @param cut whether the message's bytes end at {@code to} before the message does
     */
    byte[] message(int from, int to, Descriptor type, int depth, boolean cut)
        throws InvalidProtocolBufferException {
      ByteArrayOutputStream out = new ByteArrayOutputStream(to - from + 16);
      pos = from;
      while (pos < to) {
        int start = pos;
        long tag = varint(to);
        if (tag < 0) {
          return cutOrFail(cut, out);
        }
        int number = (int) (tag >>> 3);
        int wireType = (int) (tag & 7);
        if (number <= 0 || tag > 0xffff_ffffL) {
          throw new InvalidProtocolBufferException("invalid tag " + tag);
        }
        if (wireType == LENGTH_DELIMITED) {
          long length = varint(to);
          if (length < 0) {
            return cutOrFail(cut, out);
          }
          int available = to - pos;
          if (length > available && !cut) {
            throw new InvalidProtocolBufferException(TRUNCATED);
          }
          int n = (int) Math.min(length, available);
          int at = pos;
          pos += n;
          field(out, type.findFieldByNumber(number), number, at, n, depth, n < length);
          continue;
        }
        int size = scalarSize(wireType, to);
        if (size < 0 || pos + size > to) {
          return cutOrFail(cut, out);
        }
        pos += size;
        out.write(in, start, pos - start);
      }
      return out.toByteArray();
    }

    private static byte[] cutOrFail(boolean cut, ByteArrayOutputStream out)
        throws InvalidProtocolBufferException {
      if (!cut) {
        throw new InvalidProtocolBufferException(TRUNCATED);
      }
      return out.toByteArray();
    }

    /** Bytes of a varint, fixed64 or fixed32 value at {@code pos}; -1 for a varint cut short. */
    private int scalarSize(int wireType, int to) throws InvalidProtocolBufferException {
      switch (wireType) {
        case VARINT -> {
          for (int i = 0; i < 10; i++) {
            if (pos + i >= to) {
              return -1;
            }
            if (in[pos + i] >= 0) {
              return i + 1;
            }
          }
          throw new InvalidProtocolBufferException(MALFORMED_VARINT);
        }
        case FIXED64 -> {
          return 8;
        }
        case FIXED32 -> {
          return 4;
        }
        default ->
            throw new InvalidProtocolBufferException(
                "wire type " + wireType + " is not used by CheckRequest");
      }
    }

    /** One length-delimited field: {@code n} bytes at {@code at}. */
    private void field(
        ByteArrayOutputStream out,
        FieldDescriptor f,
        int number,
        int at,
        int n,
        int depth,
        boolean cutHere)
        throws InvalidProtocolBufferException {
      FieldDescriptor.Type type = f == null ? null : f.getType();
      if (type == FieldDescriptor.Type.MESSAGE) {
        if (depth + 1 > MAX_DEPTH) {
          partial |= Partial.TOO_DEEP.bit();
          return;
        }
        int resume = pos;
        byte[] inner = message(at, at + n, f.getMessageType(), depth + 1, cutHere);
        pos = resume;
        write(out, number, inner, 0, inner.length);
        return;
      }
      if (type == FieldDescriptor.Type.STRING) {
        string(out, f, number, at, cutHere ? completeUtf8(at, n) : n);
        return;
      }
      write(out, number, in, at, n);
    }

    private void string(ByteArrayOutputStream out, FieldDescriptor f, int number, int at, int n) {
      if (validUtf8(in, at, at + n)) {
        write(out, number, in, at, n);
        return;
      }
      partial |= Partial.INVALID_UTF8.bit();
      if (f == BODY) {
        write(out, AttributeContext.HttpRequest.RAW_BODY_FIELD_NUMBER, in, at, n);
        return;
      }
      byte[] text = latin1Fallback(in, at, n);
      write(out, number, text, 0, text.length);
    }

    /** {@code n}, less a character cut at the end of {@code n} bytes at {@code at}. */
    private int completeUtf8(int at, int n) {
      for (int back = 1; back <= 3 && back <= n; back++) {
        int b = in[at + n - back] & 0xff;
        if ((b & 0xc0) == 0x80) {
          continue; // a continuation byte: look further back for its lead
        }
        int wants = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
        return wants > back ? n - back : n;
      }
      return n;
    }

    /**
     * The tag or length varint at {@code pos}, advancing past it; -1 when it runs past {@code to}.
     * Both are below 2^63, so a larger value is malformed.
     */
    private long varint(int to) throws InvalidProtocolBufferException {
      long value = 0;
      for (int shift = 0; shift < 63; shift += 7) {
        if (pos >= to) {
          return -1;
        }
        int b = in[pos++];
        value |= (long) (b & 0x7f) << shift;
        if (b >= 0) {
          return value;
        }
      }
      throw new InvalidProtocolBufferException(MALFORMED_VARINT);
    }

    /**
     * UTF-8 of {@code n} bytes at {@code at}: valid sequences as they are, every other byte as the
     * two-byte encoding of the ISO-8859-1 character of the same value (0x80-0xff).
     */
    static byte[] latin1Fallback(byte[] in, int at, int n) {
      ByteArrayOutputStream out = new ByteArrayOutputStream(n + n / 2);
      int end = at + n;
      int i = at;
      while (i < end) {
        int valid = sequence(in, i, end);
        if (valid > 0) {
          out.write(in, i, valid);
          i += valid;
        } else {
          int b = in[i++] & 0xff;
          out.write(0xc0 | b >>> 6);
          out.write(0x80 | b & 0x3f);
        }
      }
      return out.toByteArray();
    }

    static boolean validUtf8(byte[] in, int from, int to) {
      int i = from;
      while (i < to) {
        int n = in[i] >= 0 ? 1 : sequence(in, i, to);
        if (n == 0) {
          return false;
        }
        i += n;
      }
      return true;
    }

    /** Length of the well-formed UTF-8 sequence at {@code i} (RFC 3629), or 0. */
    private static int sequence(byte[] in, int i, int end) {
      int b0 = in[i] & 0xff;
      if (b0 < 0x80) {
        return 1;
      }
      int n =
          b0 >= 0xc2 && b0 <= 0xdf
              ? 2
              : b0 >= 0xe0 && b0 <= 0xef ? 3 : b0 >= 0xf0 && b0 <= 0xf4 ? 4 : 0;
      if (n == 0 || i + n > end) {
        return 0;
      }
      for (int k = 1; k < n; k++) {
        if ((in[i + k] & 0xc0) != 0x80) {
          return 0;
        }
      }
      int b1 = in[i + 1] & 0xff;
      boolean overlongOrOutOfRange =
          (b0 == 0xe0 && b1 < 0xa0) // overlong 3-byte form
              || (b0 == 0xed && b1 > 0x9f) // a UTF-16 surrogate
              || (b0 == 0xf0 && b1 < 0x90) // overlong 4-byte form
              || (b0 == 0xf4 && b1 > 0x8f); // above U+10FFFF
      return overlongOrOutOfRange ? 0 : n;
    }

    private static void write(
        ByteArrayOutputStream out, int number, byte[] bytes, int offset, int length) {
      writeVarint(out, ((long) number << 3) | LENGTH_DELIMITED);
      writeVarint(out, length);
      out.write(bytes, offset, length);
    }

    private static void writeVarint(ByteArrayOutputStream out, long value) {
      while ((value & ~0x7fL) != 0) {
        out.write((int) ((value & 0x7f) | 0x80));
        value >>>= 7;
      }
      out.write((int) value);
    }
  }
}
