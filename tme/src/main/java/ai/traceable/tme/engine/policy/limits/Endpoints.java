package ai.traceable.tme.engine.policy.limits;

import ai.traceable.tme.engine.policy.PolicyRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which requests a rate limit or enumeration rule counts: by method and path template. Empty lists
 * mean every method and every path. Immutable and thread-safe.
 *
 * @param methods upper-case methods, or empty for all
 * @param paths templates, tried in order; the first that matches names the endpoint
 */
public record Endpoints(Set<String> methods, List<PathTemplate> paths) {
  public Endpoints {
    methods = Set.copyOf(methods);
    paths = List.copyOf(paths);
  }

  public static Endpoints compile(
      List<String> methods, List<String> paths, String where, PathIndex.Builder index) {
    Set<String> m =
        methods == null
            ? Set.of()
            : methods.stream()
                .map(
                    v -> {
                      if (v == null || v.isBlank()) {
                        throw new IllegalArgumentException(
                            where + ": 'methods' holds an empty entry");
                      }
                      return v.strip().toUpperCase(Locale.ROOT);
                    })
                .collect(Collectors.toSet());
    List<PathTemplate> p = new ArrayList<>();
    if (paths != null) {
      for (String path : paths) {
        p.add(index.template(path, where));
      }
    }
    return new Endpoints(m, p);
  }

  /**
   * The endpoint of a request in scope: the matched template, or the path without query when no
   * templates are given; null when the request is out of scope.
   *
   * @param matched the ids of the templates the path matches, from the {@link PathIndex} the
   *     templates were compiled into
   */
  public String endpoint(PolicyRequest request, long[] matched) {
    if (!methods.isEmpty() && !methods.contains(request.view().method())) {
      return null;
    }
    if (paths.isEmpty()) {
      return request.pathOnly();
    }
    for (PathTemplate t : paths) {
      int id = t.id();
      if ((matched[id >>> 6] & (1L << id)) != 0) {
        return t.text();
      }
    }
    return null;
  }
}
