package ai.traceable.tme.server;

import ai.traceable.tme.metrics.CheckMetrics;
import com.google.protobuf.InvalidProtocolBufferException;
import io.envoyproxy.envoy.service.ext_proc.v3.ProcessingRequest;
import io.envoyproxy.envoy.service.ext_proc.v3.ProcessingResponse;
import java.nio.ByteBuffer;
import org.apache.pekko.grpc.ProtobufSerializer;
import org.apache.pekko.util.ByteString;

/**
 * One ext_proc message as read off the stream: the {@link ProcessingRequest}, and what of it could
 * only be read after repair ({@link CheckMetrics.Partial} bits), or why it could not be read at
 * all.
 *
 * @param request the message; the default instance when {@code malformed} is set
 * @param partial reasons the message was repaired for (0: protobuf accepted it as it was)
 * @param malformed why the bytes are not a ProcessingRequest even after repair, or null
 */
record ExtProcMessage(ProcessingRequest request, int partial, String malformed) {

  static ExtProcMessage of(ProcessingRequest request) {
    return new ExtProcMessage(request, 0, null);
  }

  /**
   * Reads messages as protobuf-java does, and what it refuses as {@link CheckRequestRepair} does
   * for Checks: a header value or attribute that is not UTF-8, or metadata nested too deep, is
   * repaired and marked instead of failing the stream (which Envoy would answer with its
   * failure_mode_allow). Stateless.
   */
  static final ProtobufSerializer<ExtProcMessage> READER =
      new ProtobufSerializer<>() {
        @Override
        public ByteString serialize(ExtProcMessage message) {
          return ByteString.fromArrayUnsafe(message.request().toByteArray());
        }

        @Override
        public ExtProcMessage deserialize(ByteString bytes) {
          ByteBuffer buffer = bytes.asByteBuffer();
          try {
            return of(ProcessingRequest.parseFrom(buffer));
          } catch (InvalidProtocolBufferException strict) {
            return repaired(bytes.toArray(), strict);
          }
        }
      };

  /** Writes the answers; the same bytes as Pekko gRPC's generated serializer. */
  static final ProtobufSerializer<ProcessingResponse> WRITER =
      new ProtobufSerializer<>() {
        @Override
        public ByteString serialize(ProcessingResponse response) {
          return ByteString.fromArrayUnsafe(response.toByteArray());
        }

        @Override
        public ProcessingResponse deserialize(ByteString bytes) {
          throw new UnsupportedOperationException("tme only writes ProcessingResponse");
        }
      };

  private static ExtProcMessage repaired(byte[] bytes, InvalidProtocolBufferException strict) {
    try {
      CheckRequestRepair.Repaired r =
          CheckRequestRepair.repair(bytes, ProcessingRequest.getDescriptor());
      if (r.partial() == 0) {
        return new ExtProcMessage(ProcessingRequest.getDefaultInstance(), 0, strict.getMessage());
      }
      return new ExtProcMessage(ProcessingRequest.parseFrom(r.bytes()), r.partial(), null);
    } catch (InvalidProtocolBufferException e) {
      return new ExtProcMessage(ProcessingRequest.getDefaultInstance(), 0, strict.getMessage());
    }
  }
}
