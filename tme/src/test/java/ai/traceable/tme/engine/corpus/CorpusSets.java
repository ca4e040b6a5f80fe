package ai.traceable.tme.engine.corpus;

import java.util.ArrayList;
import java.util.List;

/**
 * The four labelled request sets the corpus reports compare engines on: the hand-written corpus and
 * its held-out half, and the two halves of the breadth corpus (GraphQL's opt-in cases left out,
 * since they are a policy and not default detection).
 *
 * @param name the set's name in reports
 * @param attacks requests that should be denied
 * @param benign requests that should pass
 */
record CorpusSets(String name, List<Corpus.Case> attacks, List<Corpus.Case> benign) {

  /** Whether rules may be tuned on this set; the held-out halves are only reported. */
  boolean tuning() {
    return !name.contains("held-out") && !name.contains("holdout");
  }

  static List<CorpusSets> all() {
    List<CorpusSets> out = new ArrayList<>();
    out.add(new CorpusSets("hand-written", Corpus.attacks(), Corpus.benign()));
    out.add(
        new CorpusSets(
            "held-out",
            Corpus.read("../holdout/attacks.jsonl", "holdout"),
            Corpus.read("../holdout/benign.jsonl", "holdout")));
    List<BreadthCorpusTest.Entry> breadth = BreadthCorpusTest.load();
    for (String half : BreadthCorpusTest.HALVES) {
      List<Corpus.Case> attacks = new ArrayList<>();
      List<Corpus.Case> benign = new ArrayList<>();
      for (BreadthCorpusTest.Entry e : breadth) {
        if (e.half().equals(half) && !e.graphqlPolicy()) {
          (e.benign() ? benign : attacks).add(e.c());
        }
      }
      out.add(new CorpusSets("breadth " + half, attacks, benign));
    }
    return out;
  }
}
