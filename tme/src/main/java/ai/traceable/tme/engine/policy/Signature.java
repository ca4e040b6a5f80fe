package ai.traceable.tme.engine.policy;

/**
 * A compiled custom signature: a condition tree and what a match asks for. Immutable and
 * thread-safe.
 */
record Signature(String id, PolicyAction action, SignatureCondition when) {

  static Signature compile(RulesFileModel.Signature s, String id) {
    String where = "signature '" + id + "'";
    PolicyAction action =
        s.action() == null
            ? PolicyAction.BLOCK
            : PolicyAction.parse(s.action(), PolicyAction.FOR_SIGNATURES, where);
    return new Signature(id, action, SignatureCondition.compileAll(s.when(), where));
  }

  boolean matches(PolicyRequest request) {
    return when.test(request);
  }
}
