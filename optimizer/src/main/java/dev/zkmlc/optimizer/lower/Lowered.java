package dev.zkmlc.optimizer.lower;

import dev.zkmlc.circuit.gadget.GadgetProgram;
import java.util.List;

/** A gadget program with the layers where another gadget could have been chosen, in graph order. */
public record Lowered(GadgetProgram program, LoweringChoices choices, List<ChoicePoint> choicePoints) {
    public Lowered {
        choicePoints = List.copyOf(choicePoints);
    }
}
