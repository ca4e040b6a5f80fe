package ai.traceable.tme.engine.policy.limits;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PathIndexTest {

  private static boolean hit(long[] bits, PathTemplate t) {
    return (bits[t.id() >>> 6] & (1L << t.id())) != 0;
  }

  @Test
  void oneWalkFindsEveryTemplateThePathMatches() {
    PathIndex.Builder b = new PathIndex.Builder();
    PathTemplate user = b.template("/api/users/{id}", "t");
    PathTemplate orders = b.template("/api/users/{id}/orders", "t");
    PathTemplate any = b.template("/api/*/{id}", "t");
    PathTemplate rest = b.template("/api/**", "t");
    PathTemplate root = b.template("/", "t");
    PathIndex index = b.build();

    long[] m = index.match("/api/users/42");
    assertThat(hit(m, user)).isTrue();
    assertThat(hit(m, any)).isTrue();
    assertThat(hit(m, rest)).isTrue();
    assertThat(hit(m, orders)).isFalse();
    assertThat(hit(m, root)).isFalse();

    m = index.match("/api/users/42/orders");
    assertThat(hit(m, orders)).isTrue();
    assertThat(hit(m, user)).isFalse();
    assertThat(hit(m, rest)).isTrue();

    m = index.match("/");
    assertThat(hit(m, root)).isTrue();
    assertThat(hit(m, rest)).isFalse();
    assertThat(index.match("/api")).satisfies(bits -> assertThat(hit(bits, rest)).isTrue());
    assertThat(index.match("no-slash")).containsOnly(0L);
  }

  @Test
  void templatesWrittenAlikeShareAnId() {
    PathIndex.Builder b = new PathIndex.Builder();
    PathTemplate first = b.template("/api/users/{id}", "a");
    PathTemplate second = b.template("/api/users/{id}", "b");
    PathTemplate other = b.template("/api/users/{uid}", "c");
    assertThat(second).isSameAs(first);
    assertThat(other.id()).isNotEqualTo(first.id());
  }

  private static final String[] SEGMENTS = {"api", "users", "v1", "", "42", "orders", "x"};

  private static String randomPath(Random random) {
    StringBuilder p = new StringBuilder();
    int n = random.nextInt(5);
    for (int i = 0; i <= n; i++) {
      p.append('/').append(SEGMENTS[random.nextInt(SEGMENTS.length)]);
    }
    return p.toString();
  }

  private static String randomTemplate(Random random, int index) {
    StringBuilder t = new StringBuilder();
    int n = random.nextInt(4);
    for (int i = 0; i <= n; i++) {
      t.append('/');
      switch (random.nextInt(6)) {
        case 0 -> t.append("{p").append(i).append('}');
        case 1 -> t.append('*');
        default -> t.append(SEGMENTS[random.nextInt(SEGMENTS.length)]);
      }
    }
    if (random.nextInt(4) == 0) {
      t.append("/**");
    }
    return t.toString();
  }

  @Test
  void theIndexAgreesWithMatchingEachTemplateAlone() {
    Random random = new Random(42);
    int agreed = 0;
    int hits = 0;
    for (int round = 0; round < 50; round++) {
      PathIndex.Builder b = new PathIndex.Builder();
      List<PathTemplate> templates = new ArrayList<>();
      for (int i = 0; i < 150; i++) {
        templates.add(b.template(randomTemplate(random, i), "t"));
      }
      PathIndex index = b.build();
      for (int i = 0; i < 100; i++) {
        String path = randomPath(random);
        long[] m = index.match(path);
        for (PathTemplate t : templates) {
          boolean alone = PathTemplate.compile(t.text(), "t").matches(path);
          assertThat(hit(m, t)).as("%s ~ %s", t.text(), path).isEqualTo(alone);
          agreed++;
          hits += alone ? 1 : 0;
        }
      }
    }
    assertThat(agreed).isEqualTo(50 * 150 * 100);
    assertThat(hits).isGreaterThan(10_000); // both outcomes occur
  }
}
