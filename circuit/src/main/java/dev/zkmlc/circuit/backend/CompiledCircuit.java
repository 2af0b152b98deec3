package dev.zkmlc.circuit.backend;

import dev.zkmlc.circuit.cs.CellRef;
import dev.zkmlc.circuit.cs.Challenges;
import dev.zkmlc.circuit.cs.PhasedWitness;
import dev.zkmlc.circuit.field.Fr;
import dev.zkmlc.circuit.cs.ConstraintSystem;
import dev.zkmlc.circuit.cs.Witness;
import dev.zkmlc.circuit.gadget.GadgetProgram;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * A laid-out circuit: the constraint system, its layout statistics, which public value sits in
 * which instance row, and the witness generator. {@link #witness} runs the gadget program's exact
 * integer rules on the quantized inputs, then fills every cell.
 */
public final class CompiledCircuit {

    /** Fills a witness from the values of every wire of the program. */
    @FunctionalInterface
    public interface WitnessFiller {
        Witness fill(long[] wireValues);
    }

    /** Computes the phase-1 advice from the phase-0 witness and the challenges (circuits with a challenge phase). */
    @FunctionalInterface
    public interface PhaseOneFiller {
        Witness complete(Witness phase0, List<Fr> challenges);
    }

    /** Instance row {@code row} holds element {@code index} of public tensor {@code tensor}. */
    public record PublicValue(int row, String tensor, int index, boolean isOutput, int wire) {}

    /**
     * A witness with what it proves.
     *
     * @param witness advice and instance assignments
     * @param outputs every output tensor's quantized values, by name
     * @param instance the public values in instance-row order (signed integers)
     */
    public record WitnessResult(Witness witness, Map<String, long[]> outputs, long[] instance) {}

    private final GadgetProgram program;
    private final ConstraintSystem constraintSystem;
    private final LayoutStats stats;
    private final List<PublicValue> publicValues;
    private final Supplier<List<CellRef>> dependentCells;
    private volatile List<CellRef> dependentCellList;
    private final WitnessFiller filler;
    private final PhaseOneFiller phaseOne;

    public CompiledCircuit(GadgetProgram program, ConstraintSystem constraintSystem, LayoutStats stats,
            List<PublicValue> publicValues, List<CellRef> dependentCells, WitnessFiller filler) {
        this(program, constraintSystem, stats, publicValues, constant(List.copyOf(dependentCells)), filler);
    }

    /**
     * With the dependent cells computed on first use: a large model has tens of millions of them,
     * which only the auditor and the soundness tests ask for.
     */
    public CompiledCircuit(GadgetProgram program, ConstraintSystem constraintSystem, LayoutStats stats,
            List<PublicValue> publicValues, Supplier<List<CellRef>> dependentCells, WitnessFiller filler) {
        this(program, constraintSystem, stats, publicValues, dependentCells, filler, null);
    }

    /** With a challenge phase: {@code phaseOne} fills the phase-1 advice once the challenges are known. */
    public CompiledCircuit(GadgetProgram program, ConstraintSystem constraintSystem, LayoutStats stats,
            List<PublicValue> publicValues, Supplier<List<CellRef>> dependentCells, WitnessFiller filler,
            PhaseOneFiller phaseOne) {
        this.phaseOne = phaseOne;
        this.program = program;
        this.constraintSystem = constraintSystem;
        this.stats = stats;
        this.publicValues = List.copyOf(publicValues);
        this.dependentCells = dependentCells;
        this.filler = filler;
    }

    private static Supplier<List<CellRef>> constant(List<CellRef> cells) {
        return () -> cells;
    }

    public GadgetProgram program() {
        return program;
    }

    public ConstraintSystem constraintSystem() {
        return constraintSystem;
    }

    public LayoutStats stats() {
        return stats;
    }

    /** The instance column's rows: public inputs (in input order), then public outputs. */
    public List<PublicValue> publicValues() {
        return publicValues;
    }

    /**
     * Every advice cell that carries a value of the computation (padding excluded): each is bound
     * by a gate, a lookup or a copy, so changing any one of them must violate a constraint.
     */
    public List<CellRef> dependentCells() {
        List<CellRef> l = dependentCellList;
        if (l == null) {
            synchronized (this) {
                l = dependentCellList;
                if (l == null) {
                    l = dependentCells.get();
                    dependentCellList = l;
                }
            }
        }
        return l;
    }

    /**
     * The witness for quantized inputs (by input name, row-major), with any phase-1 values computed for the
     * challenges drawn from its phase-0 values ({@link Challenges#derive}, as the mock prover draws them); throws
     * {@link dev.zkmlc.circuit.gadget.GadgetException} (a {@link dev.zkmlc.circuit.gadget.RangeViolation}
     * for out-of-range values) naming the node.
     */
    public WitnessResult witness(Map<String, long[]> quantizedInputs) {
        long[] wires = program.evaluate(quantizedInputs);
        Witness w = fillWitness(wires);
        long[] instance = new long[publicValues.size()];
        for (int i = 0; i < instance.length; i++) {
            instance[i] = wires[publicValues.get(i).wire()];
        }
        return new WitnessResult(w, program.outputValues(wires), instance);
    }

    /**
     * Fills a witness from arbitrary wire values, without running or checking the gadgets: what a
     * cheating prover could submit. Soundness tests use it to show that wrong values are rejected.
     */
    public Witness fillWitness(long[] wireValues) {
        Witness w = filler.fill(wireValues);
        return phaseOne == null ? w : phaseOne.complete(w, Challenges.derive(constraintSystem, w));
    }

    /**
     * A witness in two steps for the prover: the phase-0 values of {@code result} (its phase-1 values, made for
     * the challenges {@link Challenges#derive} draws outside a proof, are recomputed) and how to complete them
     * for the proof's own challenges.
     */
    public PhasedWitness phased(WitnessResult result) {
        Witness w = result.witness();
        return phaseOne == null ? PhasedWitness.of(w) : new PhasedWitness(w, challenges -> phaseOne.complete(w, challenges));
    }
}
