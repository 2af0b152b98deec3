package dev.zkmlc.prover.plonk;

import dev.zkmlc.circuit.cs.CellReader;
import dev.zkmlc.circuit.cs.Column;
import dev.zkmlc.circuit.cs.ColumnKind;
import dev.zkmlc.circuit.cs.Expression;
import dev.zkmlc.circuit.field.Fr;
import dev.zkmlc.prover.curve.G1Affine;
import dev.zkmlc.prover.kzg.Kzg;
import dev.zkmlc.prover.msm.Msm;
import dev.zkmlc.prover.srs.Srs;
import dev.zkmlc.prover.transcript.ProofFormatException;
import dev.zkmlc.prover.transcript.ProofReader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The verifier: replays the transcript, recomputes the quotient's value at x from the opened evaluations, and
 * checks every opening with one pairing product (a multi-point opening with two witnesses). Any proof bytes, public values or key yield an answer, never an
 * exception.
 */
public final class Verifier {
    private Verifier() {
    }

    /** The outcome, with the reason for a rejection (for the CLI and the tests). */
    public record Verdict(boolean accepted, String reason) {
        static Verdict accept() {
            return new Verdict(true, "accepted");
        }

        static Verdict reject(String reason) {
            return new Verdict(false, reason);
        }
    }

    /** Whether the proof is valid for the public values it carries. */
    public static boolean verify(VerifyingKey vk, Proof proof) {
        return check(vk, proof, proof.instances()).accepted();
    }

    /** Whether the proof is valid for the given public values (instance columns, from row 0). */
    public static boolean verify(VerifyingKey vk, Proof proof, List<List<Fr>> instances) {
        return check(vk, proof, instances).accepted();
    }

    public static Verdict check(VerifyingKey vk, Proof proof, List<List<Fr>> instances) {
        if (!Arrays.equals(vk.digest(), proof.vkDigest())) {
            return Verdict.reject("the proof was made for another verifying key");
        }
        if (instances.size() != vk.instanceColumns()) {
            return Verdict.reject("the circuit has " + vk.instanceColumns() + " instance columns, "
                    + instances.size() + " given");
        }
        List<List<Fr>> inst = Protocol.trim(instances);
        for (List<Fr> col : inst) {
            if (col.size() > vk.usableRows()) {
                return Verdict.reject("an instance column has " + col.size() + " values, more than the "
                        + vk.usableRows() + " usable rows");
            }
        }
        try {
            return run(vk, proof.bytes(), inst) ? Verdict.accept() : Verdict.reject("the proof does not verify");
        } catch (ProofFormatException e) {
            return Verdict.reject("malformed proof: " + e.getMessage());
        } catch (RuntimeException e) {
            // The contract is an answer for any input; a failure here is a bug, reported as such, never an accept.
            return Verdict.reject("verifier error: " + e);
        }
    }

    private static boolean run(VerifyingKey vk, byte[] bytes, List<List<Fr>> inst) {
        Argument arg = vk.argument();
        ProofReader in = new ProofReader(Protocol.start(vk, inst), bytes);
        Map<Column, G1Affine> commitments = new HashMap<>();
        for (Column c : arg.advice(0)) {
            commitments.put(c, in.readPoint("commitment to advice column '" + c.name() + "'"));
        }
        List<Fr> challenges = new ArrayList<>();
        for (int i = 0; i < vk.shape().challenges().size(); i++) {
            challenges.add(in.challenge());
        }
        for (Column c : arg.advice(1)) {
            commitments.put(c, in.readPoint("commitment to phase-1 advice column '" + c.name() + "'"));
        }
        Fr theta = in.challenge();
        for (int t = 0; t < arg.tableCount; t++) {
            commitments.put(arg.multiplicity(t), in.readPoint("lookup multiplicity commitment"));
        }
        for (int e = 0; e < arg.extraCount; e++) {
            commitments.put(arg.extraMultiplicity(e), in.readPoint("table segment multiplicity commitment"));
        }
        Fr beta = in.challenge();
        Fr gamma = in.challenge();
        for (int i = 0; i < arg.chunks; i++) {
            commitments.put(arg.z(i), in.readPoint("permutation product commitment"));
        }
        for (int t = 0; t < arg.tableCount; t++) {
            commitments.put(arg.logUp(t), in.readPoint("lookup running-sum commitment"));
        }
        for (int g = 0; g < arg.helperCount; g++) {
            commitments.put(arg.helper(g), in.readPoint("lookup helper commitment"));
        }
        for (int g = 0; g < arg.groupCount; g++) {
            commitments.put(arg.segmentSum(g), in.readPoint("table segment running-sum commitment"));
        }
        Fr y = in.challenge();
        G1Affine[] pieces = new G1Affine[arg.quotientChunks];
        for (int i = 0; i < pieces.length; i++) {
            pieces[i] = in.readPoint("quotient piece commitment");
        }
        Fr x = in.challenge();
        Map<Query, Fr> evals = new HashMap<>();
        for (Query q : arg.queries) {
            evals.put(q, in.readScalar("evaluation of " + q.column().name() + " at rotation " + q.rotation()));
        }
        Fr v = in.challenge();
        Fr mu = in.challenge();
        G1Affine w = in.readPoint("opening witness");
        Fr zeta = in.challenge();
        G1Affine wPrime = in.readPoint("opening witness");
        in.finish();

        for (int j = 0; j < arg.fixedCount; j++) {
            commitments.put(vk.shape().fixed().get(j), vk.fixedCommitments().get(j));
        }
        for (int j = 0; j < arg.equality.size(); j++) {
            commitments.put(arg.sigma(j), vk.sigmaCommitments().get(j));
        }

        Fr xn = x.pow(arg.n);
        if (xn.isOne()) {
            return false;
        }
        Fr omega = Fr.rootOfUnity(arg.k);
        Lagrange lagrange = new Lagrange(arg, omega, inst);
        CellReader reader = (column, rotation) -> {
            if (arg.isComputed(column)) {
                return lagrange.value(column, x.mul(omega.pow(rotation)));
            }
            Fr e = evals.get(new Query(column, rotation));
            if (e == null) {
                throw new IllegalStateException("no evaluation of " + column + " at rotation " + rotation);
            }
            return e;
        };
        Fr numerator = Fr.ZERO;
        for (Expression c : arg.constraints(challenges, theta, beta, gamma)) {
            numerator = numerator.mul(y).add(c.evaluate(0, reader));
        }
        Fr hx = numerator.mul(xn.sub(Fr.ONE).inverse());

        // The quotient's commitment, folded as the prover folded its pieces: Σ x^(n·i)·[piece_i].
        Fr[] powers = new Fr[pieces.length];
        Fr s = Fr.ONE;
        for (int i = 0; i < pieces.length; i++) {
            powers[i] = s;
            s = s.mul(xn);
        }
        G1Affine h = Msm.msm(pieces, powers).toAffine();

        List<G1Affine> polys = new ArrayList<>();
        Map<Column, Integer> polyIndex = new HashMap<>();
        List<Kzg.Query> queries = new ArrayList<>();
        Fr[][] values = new Fr[arg.rotations.size()][];
        for (int r = 0; r < arg.rotations.size(); r++) {
            int rot = arg.rotations.get(r);
            List<Integer> idx = new ArrayList<>();
            List<Fr> vals = new ArrayList<>();
            for (Query q : arg.queries) {
                if (q.rotation() == rot) {
                    idx.add(polyIndex.computeIfAbsent(q.column(), c -> {
                        polys.add(commitments.get(c));
                        return polys.size() - 1;
                    }));
                    vals.add(evals.get(q));
                }
            }
            if (rot == 0) {
                polys.add(h);
                idx.add(polys.size() - 1);
                vals.add(hx);
            }
            queries.add(new Kzg.Query(x.mul(omega.pow(rot)), idx.stream().mapToInt(Integer::intValue).toArray()));
            values[r] = vals.toArray(new Fr[0]);
        }
        Srs srs = new Srs(new G1Affine[] {vk.g1()}, vk.g2(), vk.tauG2(), vk.development());
        return Kzg.multiVerify(srs, polys, queries, values, v, mu, w, zeta, wPrime);
    }

    /** The polynomials the verifier evaluates itself: instance columns, l_0, l_last, l_active and X. */
    private static final class Lagrange {
        private final Argument arg;
        private final Fr omega;
        private final List<List<Fr>> instances;

        Lagrange(Argument arg, Fr omega, List<List<Fr>> instances) {
            this.arg = arg;
            this.omega = omega;
            this.instances = instances;
        }

        Fr value(Column c, Fr z) {
            if (c.kind() == ColumnKind.INSTANCE) {
                List<Fr> vals = instances.get(c.index());
                Fr acc = Fr.ZERO;
                for (int i = 0; i < vals.size(); i++) {
                    if (!vals.get(i).isZero()) {
                        acc = acc.add(vals.get(i).mul(basis(i, z)));
                    }
                }
                return acc;
            }
            if (c.equals(arg.l0)) {
                return basis(0, z);
            }
            if (c.equals(arg.lLast)) {
                return basis(arg.u, z);
            }
            if (c.equals(arg.lActive)) {
                Fr acc = Fr.ONE;
                for (int i = arg.u; i < arg.n; i++) {
                    acc = acc.sub(basis(i, z));
                }
                return acc;
            }
            if (c.equals(arg.xColumn)) {
                return z;
            }
            throw new IllegalStateException("not a computed column: " + c);
        }

        /** L_i(z) = ω^i·(z^n - 1) / (n·(z - ω^i)), for z outside H. */
        private Fr basis(int i, Fr z) {
            Fr wi = omega.pow(i);
            Fr num = wi.mul(z.pow(arg.n).sub(Fr.ONE));
            return num.mul(Fr.of(arg.n).mul(z.sub(wi)).inverse());
        }
    }
}
