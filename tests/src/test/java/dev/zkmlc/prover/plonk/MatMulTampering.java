package dev.zkmlc.prover.plonk;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.zkmlc.circuit.backend.CompiledCircuit;
import dev.zkmlc.circuit.cs.PhasedWitness;
import dev.zkmlc.circuit.field.Fr;
import dev.zkmlc.circuit.gadget.Gadget;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The cheating provers the Freivalds proof tests share: a matmul result, or one of its private weights, changed with
 * every other gate kept honest, and an honest proof checked against another public output.
 */
final class MatMulTampering {
    private MatMulTampering() {}

    /**
     * The program's wires for {@code inputs} with entry {@code index} of the first matmul's result moved by {@code delta},
     * and everything downstream of it (rescale, relu, outputs) recomputed from the changed entry, so that only the
     * Freivalds check can object.
     */
    static long[] withMatMulOutputChanged(CompiledCircuit circuit, Map<String, long[]> inputs, int index, long delta) {
        int wire = firstMatMul(circuit).out()[index];
        return withWireSet(circuit, inputs, wire, circuit.program().evaluate(inputs)[wire] + delta);
    }

    /**
     * The program's wires for {@code inputs} with entry {@code index} of the first matmul's B (row-major) set to
     * {@code value}, and the product and everything downstream of it recomputed, so that only B's range check can
     * object.
     */
    static long[] withMatMulWeightSet(CompiledCircuit circuit, Map<String, long[]> inputs, int index, long value) {
        return withWireSet(circuit, inputs, firstMatMul(circuit).b()[index], value);
    }

    static Gadget.MatMul firstMatMul(CompiledCircuit circuit) {
        return (Gadget.MatMul) circuit.program().gadgets().stream()
                .filter(g -> g instanceof Gadget.MatMul).findFirst().orElseThrow();
    }

    /**
     * The program's wires for {@code inputs} with {@code wire} set to {@code value}, and every gadget that reads a
     * changed wire evaluated again, in program order. The range checks are skipped: evaluating one would throw for the
     * out-of-range values a cheat needs.
     */
    static long[] withWireSet(CompiledCircuit circuit, Map<String, long[]> inputs, int wire, long value) {
        long[] honest = circuit.program().evaluate(inputs);
        long[] wires = honest.clone();
        wires[wire] = value;
        for (Gadget g : circuit.program().gadgets()) {
            if (!(g instanceof Gadget.RangeCheck)) {
                boolean downstream = false;
                for (int in : g.inputs()) {
                    downstream |= wires[in] != honest[in];
                }
                if (downstream) {
                    g.evaluate(wires, circuit.program().tables());
                }
            }
        }
        return wires;
    }

    /** The checked prover refuses the wires, and the proof the unchecked one makes of them is rejected, not errored. */
    static void assertUnprovableAndRejected(Keys keys, CompiledCircuit circuit, long[] wires) {
        var phase0 = circuit.fillWitness(wires);
        PhasedWitness cheat = circuit.phased(new CompiledCircuit.WitnessResult(phase0, Map.of(), new long[0]));
        assertThrows(ProverException.class, () -> Prover.prove(keys.pk(), cheat, new SecureRandom()));
        Proof p = Prover.proveWithoutChecks(keys.pk(), cheat, new SecureRandom());
        Verifier.Verdict v = Verifier.check(keys.vk(), p, p.instances());
        assertFalse(v.accepted());
        assertFalse(v.reason().startsWith("verifier error"), v.reason());
    }

    /** The proof does not verify with its first instance column's last value (a public output) changed by one. */
    static void assertOtherOutputRejected(VerifyingKey vk, Proof proof) {
        List<List<Fr>> other = new ArrayList<>();
        for (List<Fr> col : proof.instances()) {
            other.add(new ArrayList<>(col));
        }
        int last = other.get(0).size() - 1;
        other.get(0).set(last, other.get(0).get(last).add(Fr.ONE));
        assertFalse(Verifier.verify(vk, proof, other));
    }
}
