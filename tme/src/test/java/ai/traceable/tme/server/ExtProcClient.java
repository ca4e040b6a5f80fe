package ai.traceable.tme.server;

import io.envoyproxy.envoy.config.core.v3.HeaderMap;
import io.envoyproxy.envoy.config.core.v3.HeaderValue;
import io.envoyproxy.envoy.service.ext_proc.v3.ProcessingRequest;
import io.envoyproxy.envoy.service.ext_proc.v3.ProcessingResponse;
import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.protobuf.ProtoUtils;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A grpc-java client for ext_proc's Process on its own channel (its own HTTP/2 connection), one
 * {@link Exchange} per HTTP request as Envoy's filter opens them. Built on tme's generated message
 * classes, which are Envoy's own protos.
 */
final class ExtProcClient implements AutoCloseable {
  /** Messages go out as bytes, so that a test can send bytes Envoy's encoder could produce. */
  static final MethodDescriptor<byte[], ProcessingResponse> PROCESS =
      MethodDescriptor.<byte[], ProcessingResponse>newBuilder()
          .setType(MethodDescriptor.MethodType.BIDI_STREAMING)
          .setFullMethodName("envoy.service.ext_proc.v3.ExternalProcessor/Process")
          .setRequestMarshaller(new BytesMarshaller())
          .setResponseMarshaller(ProtoUtils.marshaller(ProcessingResponse.getDefaultInstance()))
          .build();

  private static final class BytesMarshaller implements MethodDescriptor.Marshaller<byte[]> {
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
  }

  private final ManagedChannel channel;

  ExtProcClient(InetSocketAddress address) {
    this.channel =
        NettyChannelBuilder.forAddress(address.getHostString(), address.getPort())
            .usePlaintext()
            .build();
  }

  Exchange open() {
    return open(30_000);
  }

  /** A stream whose grpc-timeout is {@code deadlineMillis}. */
  Exchange open(long deadlineMillis) {
    return new Exchange(
        channel.newCall(
            PROCESS, CallOptions.DEFAULT.withDeadlineAfter(deadlineMillis, TimeUnit.MILLISECONDS)));
  }

  /** One stream: send a message, wait for its answer; or see how the stream ended. */
  static final class Exchange {
    private final ClientCall<byte[], ProcessingResponse> call;
    private final BlockingQueue<ProcessingResponse> answers = new LinkedBlockingQueue<>();
    final CompletableFuture<Status> closed = new CompletableFuture<>();

    Exchange(ClientCall<byte[], ProcessingResponse> call) {
      this.call = call;
      call.start(
          new ClientCall.Listener<>() {
            @Override
            public void onMessage(ProcessingResponse message) {
              answers.add(message);
              call.request(1);
            }

            @Override
            public void onClose(Status status, Metadata trailers) {
              closed.complete(status);
            }
          },
          new Metadata());
      call.request(1);
    }

    /** Sends one message and returns its answer, or null when the stream ended instead. */
    ProcessingResponse send(ProcessingRequest request) throws Exception {
      return sendBytes(request.toByteArray());
    }

    /** Sends one message as it is on the wire and returns its answer, or null as above. */
    ProcessingResponse sendBytes(byte[] message) throws Exception {
      call.sendMessage(message);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (System.nanoTime() < deadline) {
        ProcessingResponse r = answers.poll(20, TimeUnit.MILLISECONDS);
        if (r != null) {
          return r;
        }
        if (closed.isDone()) {
          return answers.poll();
        }
      }
      throw new AssertionError("no answer within 10 s");
    }

    /** Half-closes as Envoy does when the exchange is over; returns the stream's status. */
    Status finish() throws Exception {
      call.halfClose();
      return closed.get(10, TimeUnit.SECONDS);
    }

    /** The call, to send without waiting for an answer. */
    ClientCall<byte[], ProcessingResponse> call() {
      return call;
    }

    /** Resets the stream, as Envoy does when the client goes away mid-exchange. */
    void cancel() {
      call.cancel("client went away", null);
    }

    Status status() throws Exception {
      return closed.get(10, TimeUnit.SECONDS);
    }
  }

  static ProcessingRequest requestHeaders(
      String method, String path, Map<String, String> headers, boolean endOfStream) {
    HeaderMap.Builder map =
        HeaderMap.newBuilder()
            .addHeaders(raw(":method", method))
            .addHeaders(raw(":path", path))
            .addHeaders(raw(":authority", "shop.example"))
            .addHeaders(raw(":scheme", "https"));
    headers.forEach((k, v) -> map.addHeaders(raw(k, v)));
    return ProcessingRequest.newBuilder()
        .setRequestHeaders(
            io.envoyproxy.envoy.service.ext_proc.v3.HttpHeaders.newBuilder()
                .setHeaders(map)
                .setEndOfStream(endOfStream))
        .build();
  }

  static ProcessingRequest responseHeaders(int status, Map<String, String> headers, boolean eos) {
    HeaderMap.Builder map =
        HeaderMap.newBuilder().addHeaders(raw(":status", Integer.toString(status)));
    headers.forEach((k, v) -> map.addHeaders(raw(k, v)));
    return ProcessingRequest.newBuilder()
        .setResponseHeaders(
            io.envoyproxy.envoy.service.ext_proc.v3.HttpHeaders.newBuilder()
                .setHeaders(map)
                .setEndOfStream(eos))
        .build();
  }

  static ProcessingRequest requestBody(String body, boolean endOfStream) {
    return ProcessingRequest.newBuilder().setRequestBody(body(body, endOfStream)).build();
  }

  static ProcessingRequest responseBody(String body, boolean endOfStream) {
    return ProcessingRequest.newBuilder().setResponseBody(body(body, endOfStream)).build();
  }

  private static io.envoyproxy.envoy.service.ext_proc.v3.HttpBody body(String body, boolean eos) {
    return io.envoyproxy.envoy.service.ext_proc.v3.HttpBody.newBuilder()
        .setBody(com.google.protobuf.ByteString.copyFrom(body, StandardCharsets.UTF_8))
        .setEndOfStream(eos)
        .build();
  }

  /** Envoy 1.2x sends header values as bytes in {@code raw_value}. */
  static HeaderValue raw(String key, String value) {
    return HeaderValue.newBuilder()
        .setKey(key)
        .setRawValue(com.google.protobuf.ByteString.copyFrom(value, StandardCharsets.UTF_8))
        .build();
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
