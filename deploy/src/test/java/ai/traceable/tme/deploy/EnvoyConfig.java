package ai.traceable.tme.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.extensions.filters.http.ext_authz.v3.ExtAuthz;
import io.envoyproxy.envoy.extensions.filters.http.ext_proc.v3.ExternalProcessor;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpFilter;
import io.envoyproxy.envoy.extensions.upstreams.http.v3.HttpProtocolOptions;
import java.util.List;
import java.util.Map;

/**
 * Reads the Envoy configuration inside EnvoyFilter patches into Envoy's own protobuf messages (the
 * classes generated from Envoy's {@code .proto} files), with the proto3 JSON mapping Envoy itself
 * applies to YAML. Unknown fields, unknown {@code @type}s, wrong enum names and malformed durations
 * fail, so the chart cannot ship a config Envoy would reject for those reasons. Enum numbers the
 * enum does not define also fail: protobuf's JSON parser keeps them for proto3 enums, but Envoy's
 * validation rejects them where a field says {@code defined_only} (HTTP status codes do).
 */
final class EnvoyConfig {
  private static final JsonFormat.TypeRegistry TYPES =
      JsonFormat.TypeRegistry.newBuilder()
          .add(ExtAuthz.getDescriptor())
          .add(ExternalProcessor.getDescriptor())
          .add(HttpProtocolOptions.getDescriptor())
          .add(Cluster.getDescriptor())
          .add(HttpFilter.getDescriptor())
          .build();
  private static final JsonFormat.Parser PARSER = JsonFormat.parser().usingTypeRegistry(TYPES);

  private EnvoyConfig() {}

  /** The value of an {@code HTTP_FILTER} patch. */
  static HttpFilter httpFilter(JsonNode value) {
    return parse(value, HttpFilter.newBuilder(), "HTTP filter");
  }

  /** The value of a {@code CLUSTER} patch. */
  static Cluster cluster(JsonNode value) {
    return parse(value, Cluster.newBuilder(), "cluster");
  }

  /** The ext_authz configuration of an HTTP filter. */
  static ExtAuthz extAuthz(HttpFilter filter) {
    try {
      return requireDefinedEnums(filter.getTypedConfig().unpack(ExtAuthz.class), "ExtAuthz");
    } catch (InvalidProtocolBufferException e) {
      throw new AssertionError("the HTTP filter's typed_config is not an ExtAuthz: " + e, e);
    }
  }

  /** The ext_proc configuration of an HTTP filter. */
  static ExternalProcessor extProc(HttpFilter filter) {
    try {
      return requireDefinedEnums(
          filter.getTypedConfig().unpack(ExternalProcessor.class), "ExternalProcessor");
    } catch (InvalidProtocolBufferException e) {
      throw new AssertionError(
          "the HTTP filter's typed_config is not an ExternalProcessor: " + e, e);
    }
  }

  /** The value of a {@code LISTENER} patch (the fields it merges into a listener). */
  static Listener listener(JsonNode value) {
    return parse(value, Listener.newBuilder(), "listener");
  }

  /** The HTTP protocol options a cluster declares for its upstream connections. */
  static HttpProtocolOptions httpProtocolOptions(Cluster cluster) {
    var options =
        cluster
            .getTypedExtensionProtocolOptionsMap()
            .get("envoy.extensions.upstreams.http.v3.HttpProtocolOptions");
    if (options == null) {
      throw new AssertionError("cluster " + cluster.getName() + " declares no HttpProtocolOptions");
    }
    try {
      return options.unpack(HttpProtocolOptions.class);
    } catch (InvalidProtocolBufferException e) {
      throw new AssertionError(e);
    }
  }

  @SuppressWarnings("unchecked")
  private static <T extends Message> T parse(JsonNode json, Message.Builder builder, String what) {
    try {
      PARSER.merge(json.toString(), builder);
    } catch (InvalidProtocolBufferException e) {
      throw new AssertionError("invalid Envoy " + what + ": " + e.getMessage() + "\n" + json, e);
    }
    return (T) requireDefinedEnums(builder.build(), what);
  }

  /** Fails on an enum field, at any depth, holding a number its enum does not define. */
  static <T extends Message> T requireDefinedEnums(T message, String what) {
    for (Map.Entry<FieldDescriptor, Object> field : message.getAllFields().entrySet()) {
      List<?> values =
          field.getKey().isRepeated() ? (List<?>) field.getValue() : List.of(field.getValue());
      for (Object value : values) {
        if (value instanceof EnumValueDescriptor number
            && number.getType().findValueByNumber(number.getNumber()) == null) {
          throw new AssertionError(
              "invalid Envoy "
                  + what
                  + ": "
                  + field.getKey().getFullName()
                  + " = "
                  + number.getNumber()
                  + ", which "
                  + number.getType().getFullName()
                  + " does not define");
        }
        if (value instanceof Message nested) {
          requireDefinedEnums(nested, what);
        }
      }
    }
    return message;
  }
}
