package ai.traceable.tme.server;

import io.envoyproxy.envoy.service.auth.v3.CheckRequest;
import io.envoyproxy.envoy.service.auth.v3.CheckResponse;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.protobuf.ProtoUtils;
import io.grpc.stub.ClientCalls;
import java.net.InetSocketAddress;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * A grpc-java client for Check on its own channel, i.e. its own HTTP/2 connection. Built on tme's
 * generated message classes; the official Envoy stubs are used by the conformance tests in
 * load-tests/.
 */
final class CheckClient implements AutoCloseable {
  static final MethodDescriptor<CheckRequest, CheckResponse> CHECK =
      MethodDescriptor.<CheckRequest, CheckResponse>newBuilder()
          .setType(MethodDescriptor.MethodType.UNARY)
          .setFullMethodName("envoy.service.auth.v3.Authorization/Check")
          .setRequestMarshaller(ProtoUtils.marshaller(CheckRequest.getDefaultInstance()))
          .setResponseMarshaller(ProtoUtils.marshaller(CheckResponse.getDefaultInstance()))
          .build();

  private final ManagedChannel channel;
  private final String compression;

  CheckClient(InetSocketAddress address) {
    this(address, null);
  }

  /**
   * @param compression a grpc-java compressor name such as {@code gzip}, or null
   */
  CheckClient(InetSocketAddress address, String compression) {
    this.channel =
        NettyChannelBuilder.forAddress(address.getHostString(), address.getPort())
            .usePlaintext()
            .build();
    this.compression = compression;
  }

  ManagedChannel channel() {
    return channel;
  }

  private CallOptions options() {
    CallOptions options = CallOptions.DEFAULT.withDeadlineAfter(20, TimeUnit.SECONDS);
    return compression == null ? options : options.withCompression(compression);
  }

  CheckResponse check(CheckRequest request) {
    return ClientCalls.blockingUnaryCall(channel, CHECK, options(), request);
  }

  /**
   * Sends {@code message} as the Check request exactly as given, bytes that protobuf-java would
   * refuse to encode included (Envoy's own encoder does not validate UTF-8).
   */
  CheckResponse checkRaw(byte[] message) {
    MethodDescriptor<byte[], CheckResponse> raw =
        MethodDescriptor.<byte[], CheckResponse>newBuilder()
            .setType(MethodDescriptor.MethodType.UNARY)
            .setFullMethodName(CHECK.getFullMethodName())
            .setRequestMarshaller(RAW)
            .setResponseMarshaller(CHECK.getResponseMarshaller())
            .build();
    return ClientCalls.blockingUnaryCall(channel, raw, options(), message);
  }

  /** Check with a deadline of {@code millis} (sent as grpc-timeout). */
  CheckResponse check(CheckRequest request, long millis) {
    CallOptions options = CallOptions.DEFAULT.withDeadlineAfter(millis, TimeUnit.MILLISECONDS);
    return ClientCalls.blockingUnaryCall(channel, CHECK, options, request);
  }

  private static final MethodDescriptor.Marshaller<byte[]> RAW =
      new MethodDescriptor.Marshaller<>() {
        @Override
        public java.io.InputStream stream(byte[] value) {
          return new java.io.ByteArrayInputStream(value);
        }

        @Override
        public byte[] parse(java.io.InputStream stream) {
          try {
            return stream.readAllBytes();
          } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
          }
        }
      };

  Future<CheckResponse> checkAsync(CheckRequest request) {
    return ClientCalls.futureUnaryCall(channel.newCall(CHECK, options()), request);
  }

  @Override
  public void close() {
    try {
      channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
