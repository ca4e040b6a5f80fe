package ai.traceable.tme.engine.seclang.operator;

import java.util.Map;
import java.util.TreeMap;

/** A match context for tests: expands {@code %{name}} from a map and records captures. */
final class TestContext implements MatchContext {
  private final Map<String, String> macros;
  private final boolean capturing;
  final Map<Integer, String> captured = new TreeMap<>();
  int expansions;

  TestContext(Map<String, String> macros, boolean capturing) {
    this.macros = macros;
    this.capturing = capturing;
  }

  static TestContext plain() {
    return new TestContext(Map.of(), false);
  }

  static TestContext recording() {
    return new TestContext(Map.of(), true);
  }

  @Override
  public String expand(String text) {
    expansions++;
    String out = text;
    for (Map.Entry<String, String> e : macros.entrySet()) {
      out = out.replace("%{" + e.getKey() + "}", e.getValue());
    }
    return out;
  }

  @Override
  public void capture(int index, String value) {
    captured.put(index, value);
  }

  @Override
  public boolean capturing() {
    return capturing;
  }

  static boolean run(String operator, String argument, String value) {
    return Operators.create(operator, argument, name -> null).matches(value, plain());
  }
}
