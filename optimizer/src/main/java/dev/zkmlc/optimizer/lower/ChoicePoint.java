package dev.zkmlc.optimizer.lower;

import java.util.List;

/**
 * A layer whose gadget the optimizer may choose.
 *
 * @param node the graph node's name (the key of {@link LoweringChoices})
 * @param origin the node's source location and op, as gadgets name it
 * @param what what the choice is about, e.g. {@code sigmoid table [-16386, 16386]}
 * @param options the alternatives this layer admits, default first
 */
public record ChoicePoint(String node, String origin, String what, List<TableImpl> options) {
    public ChoicePoint {
        options = List.copyOf(options);
    }
}
