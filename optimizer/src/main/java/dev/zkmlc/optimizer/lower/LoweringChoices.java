package dev.zkmlc.optimizer.lower;

import java.util.Map;
import java.util.TreeMap;

/**
 * The gadget chosen at each {@link ChoicePoint}, by the point's key; a point not named takes its default (its
 * first option). Immutable; {@link #with} returns a changed copy, so a search can try one layer's alternative
 * while keeping the rest.
 */
public record LoweringChoices(Map<String, GadgetChoice> byKey) {
    public LoweringChoices {
        byKey = Map.copyOf(byKey);
    }

    /** Every layer with its default gadgets (what -O0 and -O1 lower to). */
    public static LoweringChoices defaults() {
        return new LoweringChoices(Map.of());
    }

    public GadgetChoice choice(ChoicePoint p) {
        return byKey.getOrDefault(p.key(), p.options().get(0));
    }

    /** The choice at {@code key}, or {@code fallback} when none was made. */
    public GadgetChoice choice(String key, GadgetChoice fallback) {
        return byKey.getOrDefault(key, fallback);
    }

    public LoweringChoices with(ChoicePoint p, GadgetChoice c) {
        Map<String, GadgetChoice> m = new TreeMap<>(byKey);
        if (c == p.options().get(0)) {
            m.remove(p.key());
        } else {
            m.put(p.key(), c);
        }
        return new LoweringChoices(m);
    }

    /** The non-default choices in key order. */
    @Override
    public String toString() {
        return new TreeMap<>(byKey).toString();
    }
}
