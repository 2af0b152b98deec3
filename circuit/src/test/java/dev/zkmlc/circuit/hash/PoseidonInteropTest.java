package dev.zkmlc.circuit.hash;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import dev.zkmlc.circuit.field.Fr;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checks the Java Poseidon against circomlibjs, the JavaScript tool the rest of the ecosystem uses:
 * for every width circomlib has (1..16 inputs), 100 seeded random input vectors plus edge values,
 * whole permutations with a non-zero capacity, and the {@link PoseidonChain} rule as
 * docs/poseidon.md states it. Needs node and npm: installs the pinned versions in
 * {@code interop/} with {@code npm ci} when {@code interop/node_modules} is missing, and fails,
 * never skips, when it cannot ({@link Circomlibjs}).
 */
class PoseidonInteropTest {
    private static final int RANDOM_CASES_PER_WIDTH = 100;
    private static final BigInteger R_MINUS_ONE = Fr.MODULUS.subtract(BigInteger.ONE);

    private record Cases(List<List<Fr>> hash, List<Fr[]> permute, List<PoseidonChain> chainArity,
                         List<List<Fr>> chainValues) {
    }

    @Test
    void javaPoseidonAgreesWithCircomlibjs(@TempDir Path tmp) throws Exception {
        Path interop = Circomlibjs.interopDir();
        Circomlibjs.ensureInstalled(interop);
        Cases cases = cases(new SplittableRandom(0x5eed_0001L));
        Path input = tmp.resolve("cases.json");
        Files.writeString(input, toJson(cases), StandardCharsets.UTF_8);

        List<String> lines = Circomlibjs.run(interop, 60, "node", "poseidon-oracle.mjs", input.toString());
        int expectedLines = cases.hash().size() + cases.permute().size() + cases.chainValues().size();
        assertEquals(expectedLines, lines.size(), "circomlibjs oracle answered " + lines.size() + " of "
                + expectedLines + " cases");

        int line = 0;
        for (List<Fr> xs : cases.hash()) {
            assertEquals(oracle(lines.get(line++), "hash").get(0), Poseidon.hash(xs), "poseidon(" + xs + ")");
        }
        for (Fr[] state : cases.permute()) {
            List<Fr> expected = oracle(lines.get(line++), "permute");
            Fr[] actual = PoseidonParameters.circom(state.length).permute(state);
            assertEquals(expected, List.of(actual), "permutation of " + List.of(state));
        }
        for (int i = 0; i < cases.chainValues().size(); i++) {
            List<Fr> values = cases.chainValues().get(i);
            PoseidonChain chain = cases.chainArity().get(i);
            assertEquals(oracle(lines.get(line++), "chain").get(0), chain.hash(values),
                    "chain of arity " + chain.arity() + " over " + values.size() + " elements");
        }
    }

    private static Cases cases(SplittableRandom rng) {
        List<List<Fr>> hash = new ArrayList<>();
        List<Fr[]> permute = new ArrayList<>();
        for (int n = 1; n <= Poseidon.MAX_INPUTS; n++) {
            for (int c = 0; c < RANDOM_CASES_PER_WIDTH; c++) {
                hash.add(randomVector(rng, n));
            }
            hash.add(constantVector(n, Fr.ZERO));
            hash.add(constantVector(n, Fr.of(R_MINUS_ONE)));
            for (int c = 0; c < 5; c++) {
                Fr[] state = new Fr[n + 1];
                for (int i = 0; i < state.length; i++) {
                    state[i] = Fr.random(rng);
                }
                permute.add(state);
            }
        }
        List<PoseidonChain> chainArity = new ArrayList<>();
        List<List<Fr>> chainValues = new ArrayList<>();
        for (int arity : new int[] {2, 5, 16}) {
            for (int length : new int[] {0, 1, arity - 1, arity, 3 * (arity - 1) + 1, 100}) {
                chainArity.add(new PoseidonChain(arity));
                chainValues.add(randomVector(rng, length));
            }
        }
        return new Cases(hash, permute, chainArity, chainValues);
    }

    private static List<Fr> randomVector(SplittableRandom rng, int n) {
        List<Fr> xs = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            // Mostly uniform field elements; every fourth a small signed integer, as quantized weights are.
            xs.add(rng.nextInt(4) == 0 ? Fr.of(rng.nextInt(-128, 128)) : Fr.random(rng));
        }
        return xs;
    }

    private static List<Fr> constantVector(int n, Fr v) {
        List<Fr> xs = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            xs.add(v);
        }
        return xs;
    }

    private static String toJson(Cases cases) {
        StringBuilder sb = new StringBuilder("{\"hash\":[");
        appendVectors(sb, cases.hash());
        sb.append("],\"permute\":[");
        List<List<Fr>> states = new ArrayList<>();
        for (Fr[] s : cases.permute()) {
            states.add(List.of(s));
        }
        appendVectors(sb, states);
        sb.append("],\"chain\":[");
        for (int i = 0; i < cases.chainValues().size(); i++) {
            sb.append(i == 0 ? "" : ",").append("{\"arity\":").append(cases.chainArity().get(i).arity())
                    .append(",\"values\":[");
            appendElements(sb, cases.chainValues().get(i));
            sb.append("]}");
        }
        return sb.append("]}").toString();
    }

    private static void appendVectors(StringBuilder sb, List<List<Fr>> vectors) {
        for (int i = 0; i < vectors.size(); i++) {
            sb.append(i == 0 ? "[" : ",[");
            appendElements(sb, vectors.get(i));
            sb.append(']');
        }
    }

    private static void appendElements(StringBuilder sb, List<Fr> xs) {
        for (int i = 0; i < xs.size(); i++) {
            sb.append(i == 0 ? "\"" : ",\"").append(xs.get(i).toBigInteger()).append('"');
        }
    }

    static List<Fr> oracle(String line, String kind) {
        String[] parts = line.trim().split(" ");
        if (!parts[0].equals(kind)) {
            fail("circomlibjs oracle answered '" + parts[0] + "' where '" + kind + "' was expected");
        }
        List<Fr> values = new ArrayList<>();
        for (int i = 1; i < parts.length; i++) {
            values.add(Fr.of(new BigInteger(parts[i])));
        }
        return values;
    }
}
