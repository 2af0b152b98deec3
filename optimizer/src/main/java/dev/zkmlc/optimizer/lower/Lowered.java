package dev.zkmlc.optimizer.lower;

import dev.zkmlc.circuit.gadget.GadgetProgram;
import java.util.List;
import java.util.Map;

/**
 * A gadget program with the layers where another gadget could have been chosen, in graph order, and the gadgets each
 * input and node made.
 */
public record Lowered(GadgetProgram program, LoweringChoices choices, List<ChoicePoint> choicePoints,
        Map<String, Window> windows) {
    public Lowered {
        choicePoints = List.copyOf(choicePoints);
        windows = Map.copyOf(windows);
    }

    /** Gadgets [from, to) of the program: those one input or node made. */
    public record Window(int from, int to) {}

    /**
     * This program under {@code choices.with(point, option)} without lowering again, when that flip changes only how
     * the point's layer is laid out (its range layout, range base or dot layout: annotations on the gadgets the layer
     * made, which change no gadget, wire or table) and so is exactly what lowering again would give; null for a
     * flip that changes the gadgets (a table or a matmul's proof).
     */
    public Lowered with(ChoicePoint point, GadgetChoice option) {
        Window w = windows.get(point.node());
        GadgetChoice.Kind kind = point.kind();
        if (w == null || (kind != GadgetChoice.Kind.RANGE && kind != GadgetChoice.Kind.BASE
                && kind != GadgetChoice.Kind.DOT)) {
            return null;
        }
        LoweringChoices c = choices.with(point, option);
        String node = point.node();
        return new Lowered(program.withLayouts(w.from(), w.to(), Lowering.rangeLayout(c, node),
                Lowering.rangeBase(c, node), Lowering.dotLayout(c, node)), c, choicePoints, windows);
    }
}
