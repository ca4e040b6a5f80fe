package ai.traceable.tme.engine.seclang.eval;

import ai.traceable.tme.engine.seclang.model.Ctl;
import ai.traceable.tme.engine.seclang.model.Effect;
import ai.traceable.tme.engine.seclang.model.SetVar;
import java.util.BitSet;

/**
 * Runs {@code setvar} and {@code ctl} actions against a transaction. Only the transaction
 * collection {@code TX} is kept: persistent collections ({@code IP}, {@code SESSION}, ...) have no
 * storage here, so assignments to them are dropped.
 */
final class Effects {

  private Effects() {}

  static void run(Effect effect, Transaction t, Macros macros) {
    if (effect instanceof SetVar s) {
      setvar(s, t, macros);
    } else if (effect instanceof Ctl c) {
      ctl(c, t);
    }
  }

  private static void setvar(SetVar s, Transaction t, Macros macros) {
    if (!s.collection().equals("TX")) {
      return;
    }
    String name = macros.expand(s.name());
    switch (s.op()) {
      case DELETE -> t.deleteTx(name);
      case SET -> t.setTx(name, macros.expand(s.value()));
      case ADD, SUBTRACT -> {
        long current = number(t.tx(name));
        long delta = number(macros.expand(s.value()));
        t.setTx(name, Long.toString(s.op() == SetVar.Op.ADD ? current + delta : current - delta));
      }
    }
  }

  private static void ctl(Ctl c, Transaction t) {
    if (c instanceof Ctl.RuleEngine r) {
      t.engineMode = r.mode();
    } else if (c instanceof Ctl.RemoveById || c instanceof Ctl.RemoveByTagOrMsg) {
      if (t.removed == null) {
        t.removed = new BitSet();
      }
      t.removed.or(t.plan.removes(c));
    } else if (c instanceof Ctl.RemoveTargetById r) {
      t.removedTargets.add(new Transaction.TargetRemoval(t.plan.removes(c), r.targets()));
    } else if (c instanceof Ctl.RemoveTargetByTagOrMsg r) {
      t.removedTargets.add(new Transaction.TargetRemoval(t.plan.removes(c), r.targets()));
    } else if (c instanceof Ctl.RequestBodyProcessor r) {
      t.bodyProcessor = r.processor();
    } else if (c instanceof Ctl.RequestBodyAccess r) {
      t.bodyAccess = r.on();
    } else if (c instanceof Ctl.ForceRequestBodyVariable r) {
      t.forceRequestBody = r.on();
    }
  }

  /** ModSecurity's reading of a number: optional sign and leading digits, anything else is 0. */
  static long number(String s) {
    if (s == null) {
      return 0;
    }
    String v = s.strip();
    int i = 0;
    boolean negative = false;
    if (i < v.length() && (v.charAt(i) == '-' || v.charAt(i) == '+')) {
      negative = v.charAt(i) == '-';
      i++;
    }
    long n = 0;
    for (; i < v.length() && v.charAt(i) >= '0' && v.charAt(i) <= '9'; i++) {
      n = n * 10 + (v.charAt(i) - '0');
      if (n > Integer.MAX_VALUE) {
        break;
      }
    }
    return negative ? -n : n;
  }
}
