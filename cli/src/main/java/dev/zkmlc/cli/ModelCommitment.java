package dev.zkmlc.cli;

import dev.zkmlc.circuit.field.Fr;
import dev.zkmlc.circuit.gadget.GadgetProgram;
import dev.zkmlc.circuit.hash.PoseidonChain;
import dev.zkmlc.ir.Graph;
import dev.zkmlc.ir.Visibility;
import dev.zkmlc.optimizer.lower.Lowering;
import dev.zkmlc.prover.artifact.KeyCodec;
import dev.zkmlc.prover.plonk.Proof;
import dev.zkmlc.prover.plonk.VerifyingKey;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * What binds a proof to an audited model (docs/visibility.md). The weights hash is
 * {@link PoseidonChain#DEFAULT} over the model's quantized weights (every private constant of the
 * lowered model, in wire order, as q mod r); the circuit hash is the verifying key's, which covers
 * the model's structure, its visibilities and every fixed value.
 *
 * <p>Written {@code hashed:<row>:0x<weights>:0x<circuit>} for hashed weights (the key must be the
 * model's circuit, and the public value in instance row {@code row}, the one the circuit copies the
 * weights hash to, must be the weights hash) and {@code fixed:0x<circuit>} for fixed weights (the key
 * alone identifies the weights). The row is part of the commitment because a verifier must not
 * take the hash from a row the circuit leaves unconstrained.
 */
record ModelCommitment(Visibility parameters, Fr weights, int weightCount, int instanceRow, byte[] circuitHash) {

    static ModelCommitment of(Pipeline.Compiled c) {
        Visibility pv = c.graph().parameterVisibility();
        if (pv != Visibility.HASHED && pv != Visibility.FIXED) {
            throw new UserError(c.graph().name() + ": the weights are " + pv.keyword() + ", so a proof does not bind them;"
                    + " compile with --param-visibility hashed (or fixed) to commit to the model");
        }
        Graph privateWeights = c.graph().withVisibility(c.graph().inputs(), c.graph().outputs(), Visibility.PRIVATE);
        GadgetProgram p = Lowering.lower(privateWeights, c.plan());
        List<Fr> values = new ArrayList<>();
        for (int w : p.privateConstants()) {
            values.add(Fr.of(p.constantValue(w)));
        }
        int row = c.circuit().publicValues().size() + c.program().hashed().size() - 1;
        return new ModelCommitment(pv, PoseidonChain.DEFAULT.hash(values), values.size(), row,
                KeyCodec.circuitHash(c.circuit().constraintSystem()));
    }

    String text() {
        String circuit = "0x" + HexFormat.of().formatHex(circuitHash);
        return parameters == Visibility.HASHED ? "hashed:" + instanceRow + ":" + hex(weights) + ":" + circuit
                : "fixed:" + circuit;
    }

    static String hex(Fr f) {
        String h = f.toBigInteger().toString(16);
        return "0x" + "0".repeat(64 - h.length()) + h;
    }

    /** Why {@code proof} under {@code vk} is not a proof about the committed model, or null if it is. */
    static String mismatch(String commitment, VerifyingKey vk, Proof proof) {
        String[] parts = commitment.trim().toLowerCase(Locale.ROOT).split(":");
        boolean hashed = parts.length == 4 && parts[0].equals("hashed") && parts[1].matches("[0-9]{1,9}");
        boolean fixed = parts.length == 2 && parts[0].equals("fixed");
        if (!hashed && !fixed) {
            throw new UsageError("--expect-model: not a model commitment: '" + commitment
                    + "' (expected hashed:<row>:0x<weights>:0x<circuit> or fixed:0x<circuit>, as `zkmlc commit` prints)");
        }
        byte[] circuit = HexFormat.of().parseHex(field(parts[parts.length - 1], commitment));
        if (!Arrays.equals(circuit, vk.circuitHash())) {
            return "the verifying key is not the committed model's circuit (another model, weights or options)";
        }
        if (hashed) {
            Fr expected = Fr.of(new BigInteger(field(parts[2], commitment), 16));
            int row = Integer.parseInt(parts[1]);
            List<List<Fr>> inst = proof.instances();
            if (inst.size() != 1 || inst.get(0).size() <= row || !inst.get(0).get(row).equals(expected)) {
                return "the proof's weights hash is not the committed one (the proof was made with other weights)";
            }
        }
        return null;
    }

    private static String field(String hex, String commitment) {
        if (!hex.startsWith("0x") || hex.length() != 66 || !hex.substring(2).chars().allMatch(ch -> Character.digit(ch, 16) >= 0)) {
            throw new UsageError("--expect-model: '" + hex + "' in '" + commitment + "' is not 0x and 64 hex digits");
        }
        return hex.substring(2);
    }
}
