package dev.zkmlc.prover.plonk;

import dev.zkmlc.circuit.cs.CellReader;
import dev.zkmlc.circuit.cs.Challenges;
import dev.zkmlc.circuit.cs.Column;
import dev.zkmlc.circuit.cs.ColumnKind;
import dev.zkmlc.circuit.cs.ColumnValues;
import dev.zkmlc.circuit.cs.ConstraintSystem;
import dev.zkmlc.circuit.cs.Expression;
import dev.zkmlc.circuit.cs.Lookup;
import dev.zkmlc.circuit.cs.PhasedWitness;
import dev.zkmlc.circuit.cs.Witness;
import dev.zkmlc.circuit.field.Fr;
import dev.zkmlc.circuit.field.FrLimbs;
import dev.zkmlc.prover.curve.G1Affine;
import dev.zkmlc.prover.kzg.Kzg;
import dev.zkmlc.prover.poly.Domain;
import dev.zkmlc.prover.poly.Ntt;
import dev.zkmlc.prover.srs.Srs;
import dev.zkmlc.prover.transcript.ProofWriter;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.IntStream;

/**
 * The PLONKish prover (the protocol is in docs/prover.md): commits the advice columns with random values in the
 * blinding rows, the logUp multiplicities, the permutation's grand products and the logUp running sums, the
 * quotient (computed on an extended coset, split into blinded pieces), then the evaluations at x and one KZG
 * multi-point opening of everything at every rotation (two witnesses).
 */
public final class Prover {
    private final ProvingKey pk;
    private final VerifyingKey vk;
    private final ConstraintSystem cs;
    private final Argument arg;
    private final Preprocessed pre;
    private final SecureRandom rnd;
    private final ProverListener listener;
    /** False only for soundness tests, which play a cheating prover that sends whatever it computes. */
    private final boolean checkWitness;
    private final int n;
    private final int u;
    private final Domain domain;
    /** Values on H, coefficients and coset evaluations of the advice-like and instance columns of this proof. */
    private final Map<Column, long[]> values = new HashMap<>();
    private final Map<Column, long[]> coeffs = new HashMap<>();

    private Prover(ProvingKey pk, SecureRandom rnd, ProverListener listener, boolean checkWitness) {
        this.listener = listener;
        this.checkWitness = checkWitness;
        this.pk = pk;
        this.vk = pk.vk();
        this.cs = pk.constraintSystem();
        this.arg = vk.argument();
        this.pre = pk.preprocessed();
        this.rnd = rnd;
        this.n = arg.n;
        this.u = arg.u;
        this.domain = pre.domain;
    }

    /**
     * A proof that the witness satisfies the key's circuit, with the witness's instance columns as the public
     * values. Throws {@link ProverException} when it does not (with the failing lookup, copy or row).
     */
    public static Proof prove(ProvingKey pk, Witness witness, SecureRandom rnd) {
        return prove(pk, witness, rnd, ProverListener.NONE);
    }

    /** As {@link #prove(ProvingKey, Witness, SecureRandom)}, telling the listener as each phase starts. */
    public static Proof prove(ProvingKey pk, Witness witness, SecureRandom rnd, ProverListener listener) {
        if (!pk.constraintSystem().challenges().isEmpty()) {
            throw new ProverException("the circuit draws challenges during the proof: its phase-1 witness must be"
                    + " computed from them (prove a PhasedWitness, e.g. CompiledCircuit.phasedWitness)");
        }
        return new Prover(pk, rnd, listener, true).run(PhasedWitness.of(witness));
    }

    /**
     * A proof for a circuit with challenges (or without): commits the phase-0 advice of {@code witness}, squeezes
     * the challenges from the transcript, then commits the phase-1 advice of {@code witness.complete(challenges)}.
     */
    public static Proof prove(ProvingKey pk, PhasedWitness witness, SecureRandom rnd) {
        return prove(pk, witness, rnd, ProverListener.NONE);
    }

    /** As {@link #prove(ProvingKey, PhasedWitness, SecureRandom)}, telling the listener as each phase starts. */
    public static Proof prove(ProvingKey pk, PhasedWitness witness, SecureRandom rnd, ProverListener listener) {
        return new Prover(pk, rnd, listener, true).run(witness);
    }

    /**
     * A cheating prover for soundness tests: runs the protocol on a witness without refusing it, so that what
     * it sends for an unsatisfied witness can be shown to the verifier.
     */
    static Proof proveWithoutChecks(ProvingKey pk, Witness witness, SecureRandom rnd) {
        return proveWithoutChecks(pk, PhasedWitness.of(witness), rnd);
    }

    static Proof proveWithoutChecks(ProvingKey pk, PhasedWitness witness, SecureRandom rnd) {
        return new Prover(pk, rnd, ProverListener.NONE, false).run(witness);
    }

    /**
     * About how many bytes of heap a proof with this key takes beyond the key itself, at its peak (the quotient
     * phase): the proof's own columns' evaluations on the extended coset (the fixed-like ones come with the key),
     * plus values and coefficients of the proof's own polynomials.
     */
    public static long estimateBytes(ProvingKey pk) {
        Argument arg = pk.vk().argument();
        long columns = arg.totalAdvice() + pk.constraintSystem().instance().size();
        long ext = 1L << arg.extLog;
        long perProof = (arg.totalAdvice() + pk.constraintSystem().instance().size()) * 2L * arg.n;
        return 32L * (columns * ext + 2 * ext + perProof);
    }

    private static long availableHeap() {
        Runtime rt = Runtime.getRuntime();
        return rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
    }

    private Proof run(PhasedWitness phased) {
        Witness w = phased.phase0();
        long need = estimateBytes(pk);
        long available = availableHeap();
        if (need > available) {
            // Garbage counts as used until a collection (reading a large key leaves gigabytes of it, and a JVM that
            // proves again holds the last proof's): refuse only what a full collection cannot make room for.
            System.gc();
            available = availableHeap();
        }
        if (need > available) {
            throw new ProverException("the proof needs about " + (need >> 20) + " MiB of memory, only " + (available >> 20)
                    + " MiB are available; raise the JVM's limit (-Xmx) or use a smaller circuit");
        }
        List<List<Fr>> instances = instanceValues(w);
        ProofWriter out = new ProofWriter(Protocol.start(vk, instances));
        listener.phase("advice commitments");

        commitAdvice(out, arg.advice(0), w);
        // Two phases (halo2's): the challenges are squeezed only once every phase-0 column is committed, and the
        // phase-1 values, computed from them, are committed after.
        List<Fr> challenges = new ArrayList<>();
        for (int i = 0; i < cs.challenges().size(); i++) {
            challenges.add(out.challenge());
        }
        List<Column> later = arg.advice(1);
        if (!later.isEmpty()) {
            listener.phase("phase-1 witness and commitments");
            commitAdvice(out, later, phased.complete(challenges));
        }
        for (int i = 0; i < instances.size(); i++) {
            long[] v = FrLimbs.newArray(n);
            List<Fr> col = instances.get(i);
            for (int row = 0; row < col.size(); row++) {
                FrLimbs.set(v, row, col.get(row));
            }
            Column c = cs.instance().get(i);
            values.put(c, v);
            coeffs.put(c, Polys.interpolate(v, domain));
        }

        Fr theta = out.challenge();
        listener.phase("lookup multiplicities");
        long[][] lookupInputs = new long[arg.lookupCount][];
        // Per table, per segment: the compressed segment tuple on every row.
        long[][][] tableValues = new long[arg.tableCount][][];
        for (int l = 0; l < arg.lookupCount; l++) {
            Lookup lookup = cs.lookups().get(l);
            lookupInputs[l] = onDomain(Argument.compress(Challenges.bind(lookup.inputs(), challenges), theta));
            if (arg.tableOwner[arg.tableOf[l]] == l) {
                long[][] segments = new long[lookup.segments().size()][];
                for (int seg = 0; seg < segments.length; seg++) {
                    segments[seg] = onDomain(Argument.compress(lookup.segments().get(seg), theta));
                }
                tableValues[arg.tableOf[l]] = segments;
            }
        }
        // One multiplicity column per table segment, counting the inputs of every lookup into the table.
        long[][][] multiplicities = new long[arg.tableCount][][];
        List<Column> mColumns = new ArrayList<>();
        List<long[]> mValues = new ArrayList<>();
        for (int t = 0; t < arg.tableCount; t++) {
            multiplicities[t] = multiplicities(t, lookupInputs, tableValues[t]);
            blind(multiplicities[t][0], u);
            mColumns.add(arg.multiplicity(t));
            mValues.add(multiplicities[t][0]);
        }
        for (int e = 0; e < arg.extraCount; e++) {
            long[] m = multiplicities[arg.extraTable[e]][arg.extraSegment[e]];
            blind(m, u);
            mColumns.add(arg.extraMultiplicity(e));
            mValues.add(m);
        }
        commitColumns(out, mColumns, mValues);
        Fr beta = out.challenge();
        Fr gamma = out.challenge();
        listener.phase("permutation products and lookup sums");
        // Each chunk's product from 1, side by side; then each is scaled by the products of the chunks before it.
        long[][] zs = new long[arg.chunks][];
        IntStream.range(0, arg.chunks).parallel().forEach(i -> zs[i] = grandProduct(i, beta, gamma));
        List<Column> sumColumns = new ArrayList<>();
        List<long[]> sumValues = new ArrayList<>();
        long[] carry = FrLimbs.newArray(1);
        FrLimbs.set(carry, 0, Fr.ONE);
        for (int i = 0; i < arg.chunks; i++) {
            long[] z = zs[i];
            if (i > 0) {
                for (int row = 0; row <= u; row++) {
                    FrLimbs.mul(z, row, carry, 0, z, row);
                }
            }
            FrLimbs.copy(z, u, carry, 0);
            blind(z, u + 1);
            sumColumns.add(arg.z(i));
            sumValues.add(z);
        }
        if (checkWitness && arg.chunks > 0 && !FrLimbs.get(carry, 0).isOne()) {
            throw new ProverException("the witness does not satisfy the circuit's copy constraints"
                    + " (the permutation's grand product is not 1); run the mock prover for the failing copy");
        }
        // The helper columns and segment sums are independent (one batch inversion each): compute them side by side;
        // then each table's running sum, which subtracts its helpers; commit in order.
        long[][] helpers = new long[arg.helperCount][];
        long[][] segmentSums = new long[arg.groupCount][];
        IntStream.range(0, arg.helperCount + arg.groupCount).parallel().forEach(i -> {
            if (i < arg.helperCount) {
                helpers[i] = helperSum(i, lookupInputs, beta);
            } else {
                segmentSums[i - arg.helperCount] = segmentSum(i - arg.helperCount, tableValues, beta);
            }
        });
        long[][] sums = new long[arg.tableCount][];
        IntStream.range(0, arg.tableCount).parallel().forEach(t ->
                sums[t] = runningSum(t, lookupInputs[arg.tableOwner[t]], tableValues[t][0], helpers, beta));
        checkLookupSums(sums, segmentSums);
        for (int t = 0; t < arg.tableCount; t++) {
            // Blinding draws from rnd in a fixed order, so a seeded rnd gives the same proof.
            blind(sums[t], u + 1);
            sumColumns.add(arg.logUp(t));
            sumValues.add(sums[t]);
        }
        for (int g = 0; g < arg.helperCount; g++) {
            // h is read on the usable rows only (by its own identity on every row, which holds on the others
            // whatever h is there): random values from row u on.
            blind(helpers[g], u);
            sumColumns.add(arg.helper(g));
            sumValues.add(helpers[g]);
        }
        for (int g = 0; g < arg.groupCount; g++) {
            blind(segmentSums[g], u + 1);
            sumColumns.add(arg.segmentSum(g));
            sumValues.add(segmentSums[g]);
        }
        // z, φ, h and ψ are committed together, in that order: every one a full-size MSM.
        commitColumns(out, sumColumns, sumValues);

        Fr y = out.challenge();
        List<Expression> constraints = arg.constraints(challenges, theta, beta, gamma);
        listener.phase("quotient");
        long[][] pieces = quotientPieces(constraints, y);
        listener.phase("quotient commitments");
        for (G1Affine c : Kzg.commitAll(pk.srs(), List.of(pieces))) {
            out.write(c);
        }

        Fr x = out.challenge();
        listener.phase("evaluations");
        Fr xn = x.pow(n);
        if (xn.isOne()) {
            throw new ProverException("the challenge x fell in the domain (probability 2^-220); prove again");
        }
        // Each evaluation is a sequential Horner pass over n coefficients: run the queries side by side.
        List<Query> queries = arg.queries;
        Fr[] evals = new Fr[queries.size()];
        IntStream.range(0, evals.length).parallel().forEach(i -> evals[i] =
                Kzg.evaluate(polynomial(queries.get(i).column()), x.mul(domain.omega.pow(queries.get(i).rotation()))));
        for (Fr e : evals) {
            out.write(e);
        }
        long[] h = combineQuotient(pieces, xn);
        if (checkWitness) {
            checkAtChallenge(constraints, y, x, xn, h, evals);
        }

        Fr v = out.challenge();
        Fr mu = out.challenge();
        listener.phase("openings");
        List<long[]> polys = new ArrayList<>();
        Map<Column, Integer> polyIndex = new HashMap<>();
        List<Kzg.Query> kzgQueries = new ArrayList<>();
        for (int rot : arg.rotations) {
            List<Integer> idx = new ArrayList<>();
            for (Query q : arg.queries) {
                if (q.rotation() == rot) {
                    idx.add(polyIndex.computeIfAbsent(q.column(), c -> {
                        polys.add(polynomial(c));
                        return polys.size() - 1;
                    }));
                }
            }
            if (rot == 0) {
                polys.add(h);
                idx.add(polys.size() - 1);
            }
            kzgQueries.add(new Kzg.Query(x.mul(domain.omega.pow(rot)), idx.stream().mapToInt(Integer::intValue).toArray()));
        }
        Kzg.MultiOpener opener = new Kzg.MultiOpener(pk.srs(), polys, kzgQueries, v, mu);
        out.write(opener.first());
        Fr zeta = out.challenge();
        out.write(opener.second(zeta));
        return new Proof(vk.digest(), instances, out.toByteArray());
    }

    private List<List<Fr>> instanceValues(Witness w) {
        if (w.adviceColumnCount() > cs.advice().size()) {
            throw new ProverException("the witness assigns " + w.adviceColumnCount() + " advice columns, the circuit has "
                    + cs.advice().size());
        }
        if (w.instanceColumnCount() > cs.instance().size()) {
            throw new ProverException("the witness assigns " + w.instanceColumnCount()
                    + " instance columns, the circuit has " + cs.instance().size());
        }
        List<List<Fr>> out = new ArrayList<>();
        for (Column c : cs.instance()) {
            ColumnValues cv = w.column(c);
            List<Fr> col = new ArrayList<>();
            for (int row = 0; row < cv.length(); row++) {
                col.add(cv.get(row));
            }
            out.add(col);
        }
        List<List<Fr>> trimmed = Protocol.trim(out);
        for (int i = 0; i < trimmed.size(); i++) {
            if (trimmed.get(i).size() > u) {
                throw new ProverException("instance column '" + cs.instance().get(i).name() + "' has a value at row "
                        + (trimmed.get(i).size() - 1) + ", past the last usable row " + (u - 1));
            }
            // Keep the public values as assigned (trailing zero outputs included) unless they run past row u.
            if (out.get(i).size() > u) {
                out.set(i, trimmed.get(i));
            }
        }
        return out;
    }

    /** The witness's values of the columns, blinded column by column in order, committed together. */
    private void commitAdvice(ProofWriter out, List<Column> columns, Witness w) {
        List<long[]> all = new ArrayList<>();
        for (Column c : columns) {
            long[] v = FrLimbs.newArray(n);
            ColumnValues cv = w.column(c);
            for (int row = 0; row < Math.min(cv.length(), n); row++) {
                if (row >= u && !cv.get(row).isZero()) {
                    throw new ProverException("advice column '" + c.name() + "' has a value at row " + row
                            + ", past the last usable row " + (u - 1));
                }
                cv.readMontgomery(row, v, row);
            }
            blind(v, u);
            all.add(v);
        }
        commitColumns(out, columns, all);
    }

    /** Random values on rows from..n-1 (the blinding rows, which no constraint reads on a usable row). */
    private void blind(long[] v, int from) {
        for (int row = from; row < n; row++) {
            FrLimbs.set(v, row, Fr.random(rnd));
        }
    }

    /** The columns' commitments, written in order; interpolations and MSMs run side by side. */
    private void commitColumns(ProofWriter out, List<Column> columns, List<long[]> vals) {
        long[][] co = new long[columns.size()][];
        IntStream.range(0, co.length).parallel().forEach(i -> co[i] = Polys.interpolate(vals.get(i), domain));
        G1Affine[] commitments = pk.srs().hasLagrangeBasis(domain.log)
                ? Kzg.commitLagrangeAll(pk.srs(), vals, domain.log) : Kzg.commitAll(pk.srs(), List.of(co));
        for (int i = 0; i < co.length; i++) {
            values.put(columns.get(i), vals.get(i));
            coeffs.put(columns.get(i), co[i]);
            out.write(commitments[i]);
        }
    }

    /**
     * A column's commitment: from its values when the SRS has the Lagrange basis (witness values are mostly small
     * integers, which the MSM handles in a window or two), else from its coefficients. Both give the same point.
     */
    static G1Affine commitValues(Srs srs, long[] values, long[] coeffs, int k) {
        return srs.hasLagrangeBasis(k) ? Kzg.commitLagrange(srs, values, k) : Kzg.commit(srs, coeffs);
    }

    private long[] polynomial(Column c) {
        long[] p = c.kind() == ColumnKind.FIXED ? pre.coeffs.get(c) : coeffs.get(c);
        if (p == null) {
            throw new IllegalStateException("no polynomial for column " + c);
        }
        return p;
    }

    private long[] valuesOf(Column c) {
        long[] p = c.kind() == ColumnKind.FIXED ? pre.values.get(c) : values.get(c);
        if (p == null) {
            throw new IllegalStateException("no values for column " + c);
        }
        return p;
    }

    /** An expression's value on every row of H (rotations wrap modulo n). */
    private long[] onDomain(Expression e) {
        return CosetEvaluator.compile(List.of(e), Fr.ONE, this::valuesOf, n, 1).evaluateAll();
    }

    /**
     * Per segment of table t, m(row) = how many usable rows of the lookups into t look up the segment's tuple of
     * row. A tuple that occurs more than once (in one segment or in several, as the all-zero tuple often does) is
     * counted at its first occurrence only, segment by segment, row by row. Not blinded yet.
     */
    private long[][] multiplicities(int t, long[][] inputs, long[][] segments) {
        // Each tuple's first occurrence, packed as segment·n + row.
        Map<Fr, Long> first = new HashMap<>();
        for (int seg = 0; seg < segments.length; seg++) {
            for (int row = 0; row < u; row++) {
                first.putIfAbsent(FrLimbs.get(segments[seg], row), (long) seg * n + row);
            }
        }
        long[][] counts = new long[segments.length][n];
        for (int l = 0; l < arg.lookupCount; l++) {
            if (arg.tableOf[l] != t) {
                continue;
            }
            long[] f = inputs[l];
            for (int row = 0; row < u; row++) {
                Long at = first.get(FrLimbs.get(f, row));
                if (at == null && !checkWitness) {
                    continue;
                }
                if (at == null) {
                    throw new ProverException("lookup '" + cs.lookups().get(l).name() + "': the input at row " + row
                            + " is not in the table; run the mock prover for the values");
                }
                counts[(int) (at / n)][(int) (at % n)]++;
            }
        }
        long[][] m = new long[segments.length][];
        for (int seg = 0; seg < segments.length; seg++) {
            m[seg] = FrLimbs.newArray(n);
            for (int row = 0; row < u; row++) {
                FrLimbs.setLong(m[seg], row, counts[seg][row]);
            }
        }
        return m;
    }

    /**
     * φ(0) = 0, φ(r+1) = φ(r) + m(r)/(t(r)+β) - 1/(f(r)+β) - Σ_G h_G(r) over the usable rows, for table t with its
     * owner's input f and its segment 0's tuple t (the caller blinds after row u).
     */
    private long[] runningSum(int table, long[] f, long[] t, long[][] helpers, Fr beta) {
        long[] fb = FrLimbs.newArray(u);
        long[] b = FrLimbs.newArray(1);
        FrLimbs.set(b, 0, beta);
        for (int row = 0; row < u; row++) {
            FrLimbs.add(f, row, b, 0, fb, row);
        }
        FrLimbs.batchInvert(fb, 0, u);
        long[] tb = FrLimbs.newArray(u);
        for (int row = 0; row < u; row++) {
            FrLimbs.add(t, row, b, 0, tb, row);
        }
        FrLimbs.batchInvert(tb, 0, u);
        for (int g = 0; g < arg.helperCount; g++) {
            if (arg.helperTable[g] == table) {
                for (int row = 0; row < u; row++) {
                    FrLimbs.add(fb, row, helpers[g], row, fb, row);
                }
            }
        }
        long[] phi = FrLimbs.newArray(n);
        long[] m = values.get(arg.multiplicity(table));
        long[] tmp = new long[4];
        for (int row = 0; row < u; row++) {
            FrLimbs.mul(m, row, tb, row, tmp, 0);
            FrLimbs.sub(tmp, 0, fb, row, tmp, 0);
            FrLimbs.add(phi, row, tmp, 0, phi, row + 1);
        }
        return phi;
    }

    /** h_G(r) = Σ_(l∈G) 1/(f_l(r)+β) on the usable rows, G helper group g (the caller blinds from row u). */
    private long[] helperSum(int g, long[][] inputs, Fr beta) {
        long[] b = FrLimbs.newArray(1);
        FrLimbs.set(b, 0, beta);
        long[] h = FrLimbs.newArray(n);
        long[] fb = FrLimbs.newArray(u);
        for (int l : arg.helperMembers[g]) {
            for (int row = 0; row < u; row++) {
                FrLimbs.add(inputs[l], row, b, 0, fb, row);
            }
            FrLimbs.batchInvert(fb, 0, u);
            for (int row = 0; row < u; row++) {
                FrLimbs.add(h, row, fb, row, h, row);
            }
        }
        return h;
    }

    /** ψ(0) = 0, ψ(r+1) = ψ(r) + Σ_s m_s(r)/(t_s(r)+β) over the usable rows, s over group g's segments. */
    private long[] segmentSum(int g, long[][][] tableValues, Fr beta) {
        long[] b = FrLimbs.newArray(1);
        FrLimbs.set(b, 0, beta);
        long[] step = FrLimbs.newArray(u);
        long[] tb = FrLimbs.newArray(u);
        long[] tmp = new long[4];
        for (int e : arg.groupMembers[g]) {
            long[] t = tableValues[arg.extraTable[e]][arg.extraSegment[e]];
            for (int row = 0; row < u; row++) {
                FrLimbs.add(t, row, b, 0, tb, row);
            }
            FrLimbs.batchInvert(tb, 0, u);
            long[] m = values.get(arg.extraMultiplicity(e));
            for (int row = 0; row < u; row++) {
                FrLimbs.mul(m, row, tb, row, tmp, 0);
                FrLimbs.add(step, row, tmp, 0, step, row);
            }
        }
        long[] psi = FrLimbs.newArray(n);
        for (int row = 0; row < u; row++) {
            FrLimbs.add(psi, row, step, row, psi, row + 1);
        }
        return psi;
    }

    /** The running sums of the lookups into one table and of its further segments must end at 0 together (row u). */
    private void checkLookupSums(long[][] sums, long[][] segmentSums) {
        if (!checkWitness) {
            return;
        }
        for (int t = 0; t < arg.tableCount; t++) {
            long[] total = FrLimbs.newArray(1);
            FrLimbs.copy(sums[t], u, total, 0);
            for (int g = 0; g < arg.groupCount; g++) {
                if (arg.groupTable[g] == t) {
                    FrLimbs.add(total, 0, segmentSums[g], u, total, 0);
                }
            }
            if (!FrLimbs.isZero(total, 0)) {
                throw new ProverException("lookup '" + cs.lookups().get(arg.tableOwner[t]).name()
                        + "' (and the others into its table): the logUp sum does not close");
            }
        }
    }

    /** The grand product of permutation chunk i from 1 on row 0, up to row u (not blinded). */
    private long[] grandProduct(int chunk, Fr beta, Fr gamma) {
        long[] num = FrLimbs.newArray(u);
        long[] den = FrLimbs.newArray(u);
        for (int row = 0; row < u; row++) {
            FrLimbs.set(num, row, Fr.ONE);
            FrLimbs.set(den, row, Fr.ONE);
        }
        long[] b = FrLimbs.newArray(1);
        long[] g = FrLimbs.newArray(1);
        FrLimbs.set(b, 0, beta);
        FrLimbs.set(g, 0, gamma);
        long[] x = pre.values.get(arg.xColumn);
        long[] bd = new long[4];
        for (int j = chunk * arg.chunkSize; j < Math.min(arg.equality.size(), (chunk + 1) * arg.chunkSize); j++) {
            long[] p = valuesOf(arg.equality.get(j));
            FrLimbs.set(bd, 0, beta.mul(Argument.DELTA.pow(j)));
            multiplyTerms(num, pre.values.get(arg.sigma(j)), b, p, g, u);
            multiplyTerms(den, x, bd, p, g, u);
        }
        // z(ωX)·Π(σ terms) = z(X)·Π(identity terms)
        FrLimbs.batchInvert(num, 0, u);
        long[] z = FrLimbs.newArray(n);
        FrLimbs.set(z, 0, Fr.ONE);
        for (int row = 0; row < u; row++) {
            FrLimbs.mul(z, row, den, row, z, row + 1);
            FrLimbs.mul(z, row + 1, num, row, z, row + 1);
        }
        return z;
    }

    /**
     * acc[row] ·= c[row]·k + p[row] + g on rows below u: one column's permutation terms (σ or identity side), in a
     * small method of its own that the JIT compiles once for every column and chunk.
     */
    private static void multiplyTerms(long[] acc, long[] c, long[] k, long[] p, long[] g, int u) {
        long[] t = new long[4];
        for (int row = 0; row < u; row++) {
            FrLimbs.mul(c, row, k, 0, t, 0);
            FrLimbs.add(t, 0, p, row, t, 0);
            FrLimbs.add(t, 0, g, 0, t, 0);
            FrLimbs.mul(acc, row, t, 0, acc, row);
        }
    }

    /**
     * The verifier's check, h(x)·(x^n - 1) = Σ y^i C_i(x), made by the prover on its own polynomials: it fails
     * (but for a negligible chance over x) exactly when some identity does not vanish on H, that is, when the
     * witness does not satisfy the circuit. A few Horner passes, where evaluating every identity on H to find
     * the failing row costs a quarter of the quotient: that pass runs only for the error message.
     */
    private void checkAtChallenge(List<Expression> constraints, Fr y, Fr x, Fr xn, long[] h, Fr[] evals) {
        Map<Query, Fr> at = new HashMap<>();
        for (int i = 0; i < evals.length; i++) {
            at.put(arg.queries.get(i), evals[i]);
        }
        CellReader reader = (column, rotation) -> at.computeIfAbsent(new Query(column, rotation),
                q -> Kzg.evaluate(polynomial(column), x.mul(domain.omega.pow(rotation))));
        Fr numerator = Fr.ZERO;
        for (Expression c : constraints) {
            numerator = numerator.mul(y).add(c.evaluate(0, reader));
        }
        if (!Kzg.evaluate(h, x).mul(xn.sub(Fr.ONE)).equals(numerator)) {
            checkOnDomain(constraints, y);
            throw new ProverException("the witness does not satisfy the circuit (the quotient identity fails)");
        }
    }

    /** Names the first identity and row of H where a bad witness fails, for the error message. */
    private void checkOnDomain(List<Expression> constraints, Fr y) {
        long[] combined = CosetEvaluator.compile(constraints, y, this::valuesOf, n, 1).evaluateAll();
        for (int row = 0; row < n; row++) {
            if (!FrLimbs.isZero(combined, row)) {
                List<String> labels = arg.constraintLabels();
                String which = "a constraint";
                for (int i = 0; i < constraints.size(); i++) {
                    long[] one = CosetEvaluator.compile(List.of(constraints.get(i)), y, this::valuesOf, n, 1).evaluateAll();
                    if (!FrLimbs.isZero(one, row)) {
                        which = labels.get(i);
                        break;
                    }
                }
                throw new ProverException("the witness does not satisfy the circuit: " + which + " fails at row " + row
                        + "; run the mock prover for the values");
            }
        }
    }

    /**
     * h = (Σ y^i C_i) / Z_H, split into quotientChunks pieces of n coefficients, blinded so that the pieces alone
     * reveal nothing: piece i gains b_(i+1)·X^n and piece i+1 loses b_(i+1), which leaves Σ X^(n·i)·piece_i = h.
     *
     * <p>Each identity's share C_i / Z_H has degree below (deg C_i - 1)·n, so it is fixed by its values on a coset
     * of n·2^c points once 2^c >= deg C_i - 1: the identities are evaluated in classes by that c, each on its own
     * coset g·H_(n·2^c) (every 2^(top-c)-th point of the extended coset, whose arrays they read), divided by Z_H
     * there and interpolated, and the classes' coefficients added. Most gates have degree 3 and take half the
     * points of the degree-5 lookup and permutation identities; h is the same polynomial, so the proof is too.
     */
    private long[][] quotientPieces(List<Expression> constraints, Fr y) {
        Domain ext = pre.ext;
        int top = ext.log - arg.k;
        int count = constraints.size();
        int[] classOf = new int[count];
        // The largest class that reads each of the proof's own columns: its coset evaluations are needed only there.
        Map<Column, Integer> columnClass = new HashMap<>();
        for (int i = 0; i < count; i++) {
            int c = Math.min(top, Polys.ceilLog2(Math.max(1, constraints.get(i).degree() - 1)));
            classOf[i] = c;
            constraints.get(i).forEachCell(cell -> {
                if (cell.column().kind() != ColumnKind.FIXED) {
                    columnClass.merge(cell.column(), c, Math::max);
                }
            });
        }
        Domain[] domains = new Domain[top + 1];
        for (int c = 0; c <= top; c++) {
            domains[c] = c == top ? ext : c == 0 ? domain : new Domain(arg.k + c);
        }
        Map<Column, long[]> extEvals = new HashMap<>();
        // Fixed-like columns come with the key; the proof's own columns are evaluated here, once each.
        Function<Column, long[]> coset = c -> c.kind() == ColumnKind.FIXED ? pre.cosetEvals.get(c)
                : extEvals.computeIfAbsent(c, col -> Ntt.cosetForward(polynomial(col), domains[columnClass.get(col)]));
        long[] h = null;
        for (int c = top; c >= 0; c--) {
            final int cls = c;
            int[] which = IntStream.range(0, count).filter(i -> classOf[i] == cls).toArray();
            if (which.length == 0) {
                continue;
            }
            Domain d = domains[c];
            long[] num = CosetEvaluator.compile(constraints, which, y, coset, d.size, n).evaluateAll();
            // Z_H(g·ω_d^i) = g^n·ω_d^(i·n) - 1 takes size/n distinct values; their inverses also carry the power of y
            // that the class's combination leaves out.
            int period = d.size / n;
            long[] zInv = FrLimbs.newArray(period);
            Fr step = d.omega.pow(n);
            Fr acc = Domain.COSET_SHIFT.pow(n);
            for (int i = 0; i < period; i++) {
                FrLimbs.set(zInv, i, acc.sub(Fr.ONE));
                acc = acc.mul(step);
            }
            FrLimbs.batchInvert(zInv, 0, period);
            long[] lacking = FrLimbs.newArray(1);
            FrLimbs.set(lacking, 0, y.pow(count - 1 - which[which.length - 1]));
            for (int i = 0; i < period; i++) {
                FrLimbs.mul(zInv, i, lacking, 0, zInv, i);
            }
            for (int i = 0; i < d.size; i++) {
                FrLimbs.mul(num, i, zInv, i % period, num, i);
            }
            Ntt.cosetInverse(num, d);
            if (h == null) {
                h = d.size == ext.size ? num : FrLimbs.newArray(ext.size);
            }
            if (h != num) {
                for (int i = 0; i < d.size; i++) {
                    FrLimbs.add(h, i, num, i, h, i);
                }
            }
        }
        extEvals.clear();
        if (h == null) {
            h = FrLimbs.newArray(ext.size);
        }
        int pieces = arg.quotientChunks;
        for (int i = pieces * n; i < ext.size && checkWitness; i++) {
            if (!FrLimbs.isZero(h, i)) {
                throw new ProverException("the quotient has degree above " + (pieces * n)
                        + ": the witness does not satisfy the circuit");
            }
        }
        long[][] out = new long[pieces][];
        for (int i = 0; i < pieces; i++) {
            out[i] = FrLimbs.newArray(n + 1);
            System.arraycopy(h, 4 * i * n, out[i], 0, 4 * n);
        }
        for (int i = 0; i + 1 < pieces; i++) {
            long[] bl = FrLimbs.newArray(1);
            FrLimbs.set(bl, 0, Fr.random(rnd));
            FrLimbs.add(out[i], n, bl, 0, out[i], n);
            FrLimbs.sub(out[i + 1], 0, bl, 0, out[i + 1], 0);
        }
        return out;
    }

    /** Σ x^(n·i)·piece_i, the polynomial the verifier's combined quotient commitment commits to. */
    private long[] combineQuotient(long[][] pieces, Fr xn) {
        long[] h = FrLimbs.newArray(n + 1);
        Fr s = Fr.ONE;
        for (long[] piece : pieces) {
            Polys.addScaled(h, piece, s);
            s = s.mul(xn);
        }
        return h;
    }
}
