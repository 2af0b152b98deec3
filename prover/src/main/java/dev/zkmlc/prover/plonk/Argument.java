package dev.zkmlc.prover.plonk;

import dev.zkmlc.circuit.cs.Challenges;
import dev.zkmlc.circuit.cs.Column;
import dev.zkmlc.circuit.cs.ColumnKind;
import dev.zkmlc.circuit.cs.ConstraintSystem;
import dev.zkmlc.circuit.cs.Expression;
import dev.zkmlc.circuit.cs.Gate;
import dev.zkmlc.circuit.cs.Lookup;
import dev.zkmlc.circuit.field.Fr;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * The polynomial identities that prover and verifier share for one circuit shape, written as
 * {@link Expression}s over the circuit's columns plus the argument's own polynomials, which appear as extra
 * columns past the circuit's:
 * <ul>
 *   <li>advice-like (committed in the proof): per distinct lookup table a multiplicity column m (shared by every
 *       lookup into that table) for its first segment, then one multiplicity column per further segment of any
 *       table, per table a logUp running sum φ, then per group of the table's other lookups a helper column h,
 *       then per group of further segments a running sum ψ, then one grand-product column z per permutation
 *       chunk;</li>
 *   <li>fixed-like: one σ column per equality-enabled column (committed in the verifying key), then four
 *       polynomials every party computes itself: l_0 (1 on row 0), l_last (1 on the last usable row u),
 *       l_active (1 on rows 0..u-1) and the identity X.</li>
 * </ul>
 * The prover evaluates the identities on an extended coset, the verifier at the challenge x, so the two can
 * not drift apart. docs/prover.md states every identity.
 */
final class Argument {
    /** δ = 7^(2^28) has odd order, so the cosets δ^j·H of the permutation argument are pairwise disjoint. */
    static final Fr DELTA = Fr.GENERATOR.pow(BigInteger.ONE.shiftLeft(Fr.TWO_ADICITY));

    final ConstraintSystem cs;
    /** Per gate, per constraint: whether a selector already vanishes on the rows past the usable ones. */
    final boolean[][] gated;
    final int k;
    final int n;
    /** The row of l_last; rows 0..u-1 are the usable rows, u+1..n-1 hold blinding values. */
    final int u;
    final int adviceCount;
    final int fixedCount;
    final List<Column> equality;
    final int lookupCount;
    /**
     * Number of distinct lookup tables (equal segment lists), each with one multiplicity column for its first
     * segment.
     */
    final int tableCount;
    /** Per lookup, the index of its table among the distinct ones (in order of first use). */
    final int[] tableOf;
    /** Per table, the first lookup into it: the one whose identity carries the table's first segment. */
    final int[] tableOwner;
    /**
     * The segments past the first of every table, in order of table then segment ("extra" segments): each has
     * its own multiplicity column. None when every table has one segment.
     */
    final int extraCount;
    /** Per extra segment, its table and its index among the table's segments (>= 1). */
    final int[] extraTable;
    final int[] extraSegment;
    /**
     * The extra segments of a table in consecutive groups, each summed by one running sum ψ: as many as fit the
     * degree that the gates and lookups already need (see {@link #lookupConstraints}).
     */
    final int groupCount;
    /** Per group, its extra segments (ascending) and its table. */
    final int[][] groupMembers;
    final int[] groupTable;
    /**
     * Per lookup: its input tuple is all zeros on the rows past the usable ones whatever the advice holds (each
     * input has a fixed factor that vanishes there), decided at setup and recorded in the verifying key. A helper
     * identity over such lookups can then leave h free on those rows without an l_active factor (see
     * {@link #helperConstraints}).
     */
    final boolean[] inert;
    /**
     * The lookups into a table other than its owner, in consecutive groups (tables in order, lookups in order),
     * each with one helper column h = Σ_(l∈G) 1/(f_l + β) that the owner's running sum subtracts: as many lookups
     * to a group as fit the degree the gates and the owners' identities already need.
     */
    final int helperCount;
    /** Per helper group, its lookups (ascending), its table and whether every member is inert. */
    final int[][] helperMembers;
    final int[] helperTable;
    final boolean[] helperInert;
    /** Columns per permutation chunk and the number of chunks. */
    final int chunkSize;
    final int chunks;
    /** Maximum degree of any identity, counting each column (and X) as degree 1. */
    final int degree;
    /** The quotient has degree below quotientChunks·n and is committed in that many pieces. */
    final int quotientChunks;
    final int extLog;
    final Column l0;
    final Column lLast;
    final Column lActive;
    final Column xColumn;
    /** Every opened (polynomial, rotation), in proof order. */
    final List<Query> queries;
    /** The distinct rotations of the queries, ascending: the points x·ω^r of the multi-point opening. */
    final List<Integer> rotations;

    Argument(ConstraintSystem cs, boolean[][] gated, boolean[] inert) {
        this.cs = cs;
        this.gated = gated;
        this.inert = inert;
        if (inert.length != cs.lookups().size()) {
            throw new IllegalArgumentException("input flags for " + inert.length + " lookups, circuit has " + cs.lookups().size());
        }
        if (gated.length != cs.gates().size()) {
            throw new IllegalArgumentException("gating flags for " + gated.length + " gates, circuit has " + cs.gates().size());
        }
        for (int g = 0; g < gated.length; g++) {
            if (gated[g].length != cs.gates().get(g).constraints().size()) {
                throw new IllegalArgumentException("gating flags do not match gate '" + cs.gates().get(g).name() + "'");
            }
        }
        this.k = cs.k();
        this.n = cs.rows();
        this.u = cs.usableRows();
        this.adviceCount = cs.advice().size();
        this.fixedCount = cs.fixed().size();
        this.equality = cs.equalityColumns();
        this.lookupCount = cs.lookups().size();
        this.tableOf = new int[lookupCount];
        List<List<List<Expression>>> tables = new ArrayList<>();
        List<Integer> owners = new ArrayList<>();
        for (int l = 0; l < lookupCount; l++) {
            List<List<Expression>> table = cs.lookups().get(l).segments();
            int t = tables.indexOf(table);
            if (t < 0) {
                t = tables.size();
                tables.add(table);
                owners.add(l);
            }
            tableOf[l] = t;
        }
        this.tableCount = tables.size();
        this.tableOwner = owners.stream().mapToInt(Integer::intValue).toArray();
        List<int[]> extras = new ArrayList<>();
        for (int t = 0; t < tableCount; t++) {
            for (int seg = 1; seg < tables.get(t).size(); seg++) {
                extras.add(new int[] {t, seg});
            }
        }
        this.extraCount = extras.size();
        this.extraTable = extras.stream().mapToInt(e -> e[0]).toArray();
        this.extraSegment = extras.stream().mapToInt(e -> e[1]).toArray();
        int e = equality.size();
        this.l0 = new Column(ColumnKind.FIXED, fixedCount + e, "l_0");
        this.lLast = new Column(ColumnKind.FIXED, fixedCount + e + 1, "l_last");
        this.lActive = new Column(ColumnKind.FIXED, fixedCount + e + 2, "l_active");
        this.xColumn = new Column(ColumnKind.FIXED, fixedCount + e + 3, "X");

        int d = 3;
        for (int g = 0; g < gated.length; g++) {
            List<Expression> cons = cs.gates().get(g).constraints();
            for (int c = 0; c < cons.size(); c++) {
                d = Math.max(d, cons.get(c).degree() + (gated[g][c] ? 0 : 1));
            }
        }
        for (Expression c : inputConstraints(List.of(), Fr.ONE, Fr.ONE)) {
            d = Math.max(d, c.degree());
        }
        // Group each table's other lookups greedily: a group's identity has degree 1 + Σ deg(f_l + β), one more
        // (l_active) unless every member is inert.
        List<int[]> helpers = new ArrayList<>();
        List<Integer> group = new ArrayList<>();
        int sumDegree = 0;
        boolean groupInert = true;
        for (int t = 0; t < tableCount; t++) {
            for (int l = 0; l < lookupCount; l++) {
                if (tableOf[l] != t || tableOwner[t] == l) {
                    continue;
                }
                int dl = compress(cs.lookups().get(l).inputs(), Fr.ONE).plus(Expression.constant(1)).degree();
                boolean nextInert = groupInert && inert[l];
                if (!group.isEmpty() && (tableOf[group.get(0)] != t || (nextInert ? 1 : 2) + sumDegree + dl > d)) {
                    helpers.add(group.stream().mapToInt(Integer::intValue).toArray());
                    group.clear();
                    sumDegree = 0;
                    nextInert = inert[l];
                }
                group.add(l);
                sumDegree += dl;
                groupInert = nextInert;
            }
        }
        if (!group.isEmpty()) {
            helpers.add(group.stream().mapToInt(Integer::intValue).toArray());
        }
        this.helperCount = helpers.size();
        this.helperMembers = helpers.toArray(new int[0][]);
        this.helperTable = helpers.stream().mapToInt(g -> tableOf[g[0]]).toArray();
        this.helperInert = new boolean[helperCount];
        for (int g = 0; g < helperCount; g++) {
            boolean all = true;
            for (int l : helperMembers[g]) {
                all &= inert[l];
            }
            helperInert[g] = all;
        }
        for (Expression c : helperConstraints(List.of(), Fr.ONE, Fr.ONE)) {
            d = Math.max(d, c.degree()); // a group of one lookup may exceed d only if that lookup alone does
        }
        // Group the extra segments of each table greedily: a group's identity has degree 2 + Σ deg(t_s + β).
        List<int[]> groups = new ArrayList<>();
        List<Integer> members = new ArrayList<>();
        int groupDegree = 2;
        for (int x = 0; x < extraCount; x++) {
            int dx = compress(extraExpressions(x), Fr.ONE).plus(Expression.constant(1)).degree();
            if (!members.isEmpty() && (extraTable[x] != extraTable[members.get(0)] || groupDegree + dx > d)) {
                groups.add(members.stream().mapToInt(Integer::intValue).toArray());
                members.clear();
                groupDegree = 2;
            }
            members.add(x);
            groupDegree += dx;
        }
        if (!members.isEmpty()) {
            groups.add(members.stream().mapToInt(Integer::intValue).toArray());
        }
        this.groupCount = groups.size();
        this.groupMembers = groups.toArray(new int[0][]);
        this.groupTable = groups.stream().mapToInt(g -> extraTable[g[0]]).toArray();
        for (Expression c : segmentConstraints(Fr.ONE, Fr.ONE)) {
            d = Math.max(d, c.degree()); // a group of one segment may exceed d only if its segment alone does
        }
        this.degree = d;
        this.chunkSize = d - 2;
        this.chunks = (e + chunkSize - 1) / chunkSize;
        this.quotientChunks = d - 1;
        this.extLog = k + Polys.ceilLog2(quotientChunks);

        TreeSet<Query> qs = new TreeSet<>(Query.ORDER);
        for (Expression c : constraints(Fr.ONE, Fr.ONE, Fr.ONE)) {
            c.forEachCell(cell -> {
                if (isOpened(cell.column())) {
                    qs.add(new Query(cell.column(), cell.rotation()));
                }
            });
        }
        this.queries = List.copyOf(qs);
        TreeSet<Integer> rots = new TreeSet<>();
        rots.add(0); // the quotient is always opened at x
        for (Query q : queries) {
            rots.add(q.rotation());
        }
        this.rotations = List.copyOf(rots);
    }

    /** The multiplicity column of table t's first segment (named after the table's first lookup). */
    Column multiplicity(int table) {
        return new Column(ColumnKind.ADVICE, adviceCount + table, "m[" + cs.lookups().get(tableOwner[table]).name() + "]");
    }

    /** The multiplicity column of extra segment e. */
    Column extraMultiplicity(int e) {
        return new Column(ColumnKind.ADVICE, adviceCount + tableCount + e, "m[" + extraName(e) + "]");
    }

    /** The running sum of table t (named after its owner lookup). */
    Column logUp(int table) {
        return new Column(ColumnKind.ADVICE, adviceCount + tableCount + extraCount + table,
                "phi[" + cs.lookups().get(tableOwner[table]).name() + "]");
    }

    /** The helper column of group g of a table's other lookups: Σ_(l∈G) 1/(f_l + β) on the usable rows. */
    Column helper(int g) {
        StringBuilder name = new StringBuilder("h[");
        for (int i = 0; i < helperMembers[g].length; i++) {
            name.append(i == 0 ? "" : ",").append(cs.lookups().get(helperMembers[g][i]).name());
        }
        return new Column(ColumnKind.ADVICE, adviceCount + tableCount + extraCount + tableCount + g, name + "]");
    }

    /** The running sum of group g of extra segments. */
    Column segmentSum(int g) {
        int[] m = groupMembers[g];
        String name = extraName(m[0]) + (m.length == 1 ? "" : ".." + extraSegment[m[m.length - 1]]);
        return new Column(ColumnKind.ADVICE, adviceCount + 2 * tableCount + extraCount + helperCount + g,
                "psi[" + name + "]");
    }

    Column z(int chunk) {
        return new Column(ColumnKind.ADVICE, adviceCount + 2 * tableCount + extraCount + helperCount + groupCount + chunk,
                "z" + chunk);
    }

    private String extraName(int e) {
        return cs.lookups().get(tableOwner[extraTable[e]]).name() + "#" + extraSegment[e];
    }

    /** The expressions of extra segment e. */
    List<Expression> extraExpressions(int e) {
        return cs.lookups().get(tableOwner[extraTable[e]]).segments().get(extraSegment[e]);
    }

    Column sigma(int j) {
        return new Column(ColumnKind.FIXED, fixedCount + j, "sigma[" + equality.get(j).name() + "]");
    }

    /** Columns the verifier evaluates itself: instance columns and l_0, l_last, l_active, X. */
    boolean isComputed(Column c) {
        return c.kind() == ColumnKind.INSTANCE || (c.kind() == ColumnKind.FIXED && c.index() >= fixedCount + equality.size());
    }

    private boolean isOpened(Column c) {
        return !isComputed(c);
    }

    /**
     * Every identity, in the order the quotient combines them with powers of y: the gates' constraints, the
     * permutation argument, then the lookups. Each must vanish on all of H.
     */
    List<Expression> constraints(Fr theta, Fr beta, Fr gamma) {
        return constraints(List.of(), theta, beta, gamma);
    }

    /** As {@link #constraints(Fr, Fr, Fr)}, with the circuit's challenges bound to their values (none: left as they are). */
    List<Expression> constraints(List<Fr> challenges, Fr theta, Fr beta, Fr gamma) {
        List<Expression> out = new ArrayList<>();
        for (int g = 0; g < cs.gates().size(); g++) {
            Gate gate = cs.gates().get(g);
            for (int c = 0; c < gate.constraints().size(); c++) {
                Expression e = Challenges.bind(gate.constraints().get(c), challenges);
                out.add(gated[g][c] ? e : lActive.cur().times(e));
            }
        }
        out.addAll(permutationConstraints(beta, gamma));
        out.addAll(lookupConstraints(challenges, theta, beta));
        return out;
    }

    /**
     * halo2's permutation argument: z_0 starts at 1, each chunk's grand product carries into the next chunk's
     * first row, the last chunk ends at 1 on row u, and on each usable row
     * z_i(ωX)·Π(p_j + β·σ_j + γ) = z_i(X)·Π(p_j + β·δ^j·X + γ) over the chunk's columns j.
     */
    private List<Expression> permutationConstraints(Fr beta, Fr gamma) {
        List<Expression> out = new ArrayList<>();
        if (chunks == 0) {
            return out;
        }
        Expression one = Expression.constant(1);
        out.add(l0.cur().times(one.minus(z(0).cur())));
        out.add(lLast.cur().times(z(chunks - 1).cur().minus(one)));
        for (int i = 1; i < chunks; i++) {
            out.add(l0.cur().times(z(i).cur().minus(z(i - 1).rot(u))));
        }
        Expression g = Expression.constant(gamma);
        for (int i = 0; i < chunks; i++) {
            Expression left = z(i).next();
            Expression right = z(i).cur();
            for (int j = i * chunkSize; j < Math.min(equality.size(), (i + 1) * chunkSize); j++) {
                Expression p = equality.get(j).cur();
                left = left.times(p.plus(sigma(j).cur().times(beta)).plus(g));
                right = right.times(p.plus(xColumn.cur().times(beta.mul(DELTA.pow(j)))).plus(g));
            }
            out.add(lActive.cur().times(left.minus(right)));
        }
        return out;
    }

    /**
     * logUp over tables in segments, with helper columns. With f_l the θ-compressed input tuple of lookup l and
     * t_s the θ-compressed tuple of segment s of its table, each table has one running sum φ, carried by its first
     * lookup (its owner) together with segment 0; the table's other lookups are summed in groups G, each by a
     * helper column h_G; the further segments are summed in groups by running sums ψ. Every running sum starts at
     * 0 (on row 0), and on each usable row
     * <ul>
     *   <li>h_G = Σ_(l∈G) 1/(f_l + β), multiplied out h_G·Π_(l∈G)(f_l + β) = Σ_(l∈G) Π_(l'∈G, l'≠l)(f_l' + β);</li>
     *   <li>φ(ωX) - φ(X) = m_0/(t_0 + β) - 1/(f + β) - Σ_G h_G for the owner's f, multiplied out
     *       (φ(ωX) - φ(X) + Σ_G h_G)·(f + β)·(t_0 + β) = m_0·(f + β) - (t_0 + β);</li>
     *   <li>ψ_G(ωX) - ψ_G(X) = Σ_(s∈G) m_s/(t_s + β), multiplied out
     *       (ψ_G(ωX) - ψ_G(X))·Π_(s∈G)(t_s + β) = Σ_(s∈G) m_s·Π_(s'∈G, s'≠s)(t_s' + β).</li>
     * </ul>
     * The sums of one table end at 0 together: φ + Σ_G ψ_G = 0 on row u, so Σ_s Σ m_s/(t_s + β) over every
     * segment equals Σ 1/(f_l + β) over every input of every lookup into the table, which is logUp's identity for
     * the inputs' union against the segments' union. Each identity is also multiplied by l_active (or l_0,
     * l_last), but for a helper group of inert lookups (see {@link #helperConstraints}). Groups of either kind
     * take as many members as fit the degree the gates and the owners' identities already need, so neither
     * raises the degree (nor the quotient's size). With one segment and one lookup per table there is neither h
     * nor ψ, and the identities are those of a plain logUp.
     */
    private List<Expression> lookupConstraints(List<Fr> challenges, Fr theta, Fr beta) {
        List<Expression> out = inputConstraints(challenges, theta, beta);
        out.addAll(helperConstraints(challenges, theta, beta));
        out.addAll(segmentConstraints(theta, beta));
        for (int table = 0; table < tableCount; table++) {
            Expression sum = logUp(table).cur();
            for (int g = 0; g < groupCount; g++) {
                if (groupTable[g] == table) {
                    sum = sum.plus(segmentSum(g).cur());
                }
            }
            out.add(lLast.cur().times(sum));
        }
        return out;
    }

    /** Per table: φ's start and step, on its owner lookup's input and segment 0. */
    private List<Expression> inputConstraints(List<Fr> challenges, Fr theta, Fr beta) {
        List<Expression> out = new ArrayList<>();
        Expression b = Expression.constant(beta);
        for (int table = 0; table < tableCount; table++) {
            Lookup lookup = cs.lookups().get(tableOwner[table]);
            Expression f = compress(Challenges.bind(lookup.inputs(), challenges), theta).plus(b);
            Expression phi = logUp(table).cur();
            out.add(l0.cur().times(phi));
            Expression delta = logUp(table).next().minus(phi);
            for (int g = 0; g < helperCount; g++) {
                if (helperTable[g] == table) {
                    delta = delta.plus(helper(g).cur());
                }
            }
            Expression t = compress(lookup.segments().get(0), theta).plus(b);
            Expression lhs = delta.times(f).times(t);
            Expression rhs = multiplicity(table).cur().times(f).minus(t);
            out.add(lActive.cur().times(lhs.minus(rhs)));
        }
        return out;
    }

    /**
     * Per group of a table's other lookups: h_G·P - S = 0 with P = Π_(l∈G)(f_l + β) and S = Σ_l Π_(l'≠l)(f_l' + β).
     * On the rows past the usable ones h_G carries random values (zero knowledge), so the identity must hold
     * there whatever h_G is. In general that takes the factor l_active, of degree 1 more. When every member is
     * inert, f_l = 0 on those rows, so P = β^g and S = g·β^(g-1) there (g = |G|), and with b = 1 - l_active the
     * identity h_G·(P - b·β^g) - (S - b·g·β^(g-1)) = 0 reads h_G·P = S on the usable rows and 0 = 0 on the
     * others, at degree 1 + Σ deg(f_l + β): two lookups with degree-2 inputs fit degree 5.
     */
    private List<Expression> helperConstraints(List<Fr> challenges, Fr theta, Fr beta) {
        List<Expression> out = new ArrayList<>();
        Expression b = Expression.constant(beta);
        for (int g = 0; g < helperCount; g++) {
            int[] members = helperMembers[g];
            Expression[] f = new Expression[members.length];
            for (int i = 0; i < members.length; i++) {
                f[i] = compress(Challenges.bind(cs.lookups().get(members[i]).inputs(), challenges), theta).plus(b);
            }
            Expression product = null;
            Expression sum = null;
            for (int i = 0; i < members.length; i++) {
                product = product == null ? f[i] : product.times(f[i]);
                Expression term = Expression.constant(1);
                for (int j = 0; j < members.length; j++) {
                    if (j != i) {
                        term = j == (i == 0 ? 1 : 0) ? f[j] : term.times(f[j]);
                    }
                }
                sum = sum == null ? term : sum.plus(term);
            }
            Expression h = helper(g).cur();
            if (helperInert[g]) {
                int size = members.length;
                Expression past = Expression.constant(1).minus(lActive.cur());
                Expression p = product.minus(past.times(beta.pow(size)));
                Expression s = sum.minus(past.times(Fr.of(size).mul(beta.pow(size - 1))));
                out.add(h.times(p).minus(s));
            } else {
                out.add(lActive.cur().times(h.times(product).minus(sum)));
            }
        }
        return out;
    }

    /** Per group of further segments: ψ's start and step. */
    private List<Expression> segmentConstraints(Fr theta, Fr beta) {
        List<Expression> out = new ArrayList<>();
        Expression b = Expression.constant(beta);
        for (int g = 0; g < groupCount; g++) {
            int[] members = groupMembers[g];
            Expression[] t = new Expression[members.length];
            for (int i = 0; i < members.length; i++) {
                t[i] = compress(extraExpressions(members[i]), theta).plus(b);
            }
            Expression psi = segmentSum(g).cur();
            out.add(l0.cur().times(psi));
            Expression lhs = segmentSum(g).next().minus(psi);
            Expression rhs = null;
            for (int i = 0; i < members.length; i++) {
                lhs = lhs.times(t[i]);
                Expression term = extraMultiplicity(members[i]).cur();
                for (int j = 0; j < members.length; j++) {
                    if (j != i) {
                        term = term.times(t[j]);
                    }
                }
                rhs = rhs == null ? term : rhs.plus(term);
            }
            out.add(lActive.cur().times(lhs.minus(rhs)));
        }
        return out;
    }

    /** A name for each identity of {@link #constraints}, in the same order, for error messages. */
    List<String> constraintLabels() {
        List<String> out = new ArrayList<>();
        for (Gate gate : cs.gates()) {
            for (int c = 0; c < gate.constraints().size(); c++) {
                out.add("gate '" + gate.name() + "' constraint " + c);
            }
        }
        if (chunks > 0) {
            out.add("permutation start");
            out.add("permutation end (copy constraints)");
            for (int i = 1; i < chunks; i++) {
                out.add("permutation chunk link " + i);
            }
            for (int i = 0; i < chunks; i++) {
                out.add("permutation chunk " + i + " (copy constraints)");
            }
        }
        for (int table = 0; table < tableCount; table++) {
            String name = cs.lookups().get(tableOwner[table]).name();
            out.add("lookup '" + name + "' start");
            out.add("lookup '" + name + "' (input not in table)");
        }
        for (int g = 0; g < helperCount; g++) {
            out.add("lookup helper '" + helper(g).name() + "' (input not in table)");
        }
        for (int g = 0; g < groupCount; g++) {
            out.add("table segments '" + segmentSum(g).name() + "' start");
            out.add("table segments '" + segmentSum(g).name() + "' (multiplicities)");
        }
        for (int table = 0; table < tableCount; table++) {
            out.add("lookups into the table of '" + cs.lookups().get(tableOwner[table]).name() + "' end (input not in table)");
        }
        return out;
    }

    /** e_0·θ^(m-1) + ... + e_(m-1), by Horner's rule. */
    static Expression compress(List<Expression> es, Fr theta) {
        Expression acc = es.get(0);
        for (int i = 1; i < es.size(); i++) {
            acc = acc.times(theta).plus(es.get(i));
        }
        return acc;
    }

    /** The circuit's advice columns of a phase, in index order: the order their commitments enter the proof. */
    List<Column> advice(int phase) {
        List<Column> out = new ArrayList<>();
        for (Column c : cs.advice()) {
            if (cs.phase(c) == phase) {
                out.add(c);
            }
        }
        return out;
    }

    /** Number of committed advice-like polynomials: the circuit's advice, then m (first and extra segments), φ, h, ψ and z. */
    int totalAdvice() {
        return adviceCount + 2 * tableCount + extraCount + helperCount + groupCount + chunks;
    }
}
