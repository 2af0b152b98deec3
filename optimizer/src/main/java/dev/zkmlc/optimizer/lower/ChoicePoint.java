package dev.zkmlc.optimizer.lower;

import java.util.List;

/**
 * A place where the optimizer may choose the gadget: one layer (or graph input) and one {@link GadgetChoice.Kind}.
 *
 * @param node the graph node's (or input's) name
 * @param kind what the choice is about
 * @param origin the node's source location and op, as gadgets name it
 * @param what a description, e.g. {@code sigmoid table [-16386, 16386]}
 * @param options the alternatives, default first
 */
public record ChoicePoint(String node, GadgetChoice.Kind kind, String origin, String what, List<GadgetChoice> options) {
    public ChoicePoint {
        options = List.copyOf(options);
    }

    /** The key of this point in {@link LoweringChoices}: node and kind. */
    public String key() {
        return key(node, kind);
    }

    public static String key(String node, GadgetChoice.Kind kind) {
        return node + "/" + kind.name().toLowerCase(java.util.Locale.ROOT);
    }
}
