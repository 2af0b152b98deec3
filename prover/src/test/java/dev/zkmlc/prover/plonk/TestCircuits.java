package dev.zkmlc.prover.plonk;

import dev.zkmlc.circuit.cs.Column;
import dev.zkmlc.circuit.cs.ConstraintSystem;
import dev.zkmlc.circuit.cs.ConstraintSystemBuilder;
import dev.zkmlc.circuit.cs.Witness;
import dev.zkmlc.circuit.field.Fr;
import dev.zkmlc.prover.srs.DevSrs;
import dev.zkmlc.prover.srs.Srs;
import java.util.List;

/** Small circuits that exercise every part of the argument, with their honest witnesses. */
final class TestCircuits {
    private TestCircuits() {
    }

    /** A development SRS large enough for circuits up to 2^k rows (known secret: tests only). */
    static Srs srs(int k) {
        return DevSrs.generate((1 << k) + 1, DevSrs.tau(42));
    }

    /**
     * A dot product of two vectors with 4-bit entries: on rows 0..len-1, acc[r+1] = acc[r] + a[r]·b[r] (a
     * rotation), acc[0] = 0; every a is range-checked by a lookup into 0..15; every (a, a²) pair is checked
     * against a two-column square table (a tuple lookup with degree-2 inputs); a digit d = b mod 16 is
     * range-checked by a second lookup into the range table (so two lookups share one table and its
     * multiplicities); a[0] is copied to b[len-1] (advice-to-advice copy) and acc[len] to the public output
     * (advice-to-instance copy).
     */
    static final class Dot {
        final ConstraintSystem cs;
        final Column a, b, acc, sq, d, q, q0, qr, t, tsq, out;
        final int len;

        Dot(int k, int len) {
            this.len = len;
            ConstraintSystemBuilder bld = ConstraintSystem.builder();
            a = bld.advice("a");
            b = bld.advice("b");
            acc = bld.advice("acc");
            sq = bld.advice("sq");
            d = bld.advice("d");
            q = bld.fixed("q_dot");
            q0 = bld.fixed("q_first");
            qr = bld.fixed("q_range");
            t = bld.fixed("t");
            tsq = bld.fixed("t_sq");
            out = bld.instance("out");
            bld.enableEquality(acc).enableEquality(out).enableEquality(a).enableEquality(b);
            bld.gate("dot", q.cur().times(acc.next().minus(acc.cur()).minus(a.cur().times(b.cur()))));
            bld.gate("first", q0.cur().times(acc.cur()));
            bld.lookup("range4", List.of(qr.cur().times(a.cur())), List.of(t.cur()));
            bld.lookup("square", List.of(qr.cur().times(a.cur()), qr.cur().times(sq.cur())),
                    List.of(t.cur(), tsq.cur()));
            bld.lookup("digit4", List.of(qr.cur().times(d.cur())), List.of(t.cur()));
            for (int row = 0; row < 16; row++) {
                bld.fixed(t, row, row);
                bld.fixed(tsq, row, (long) row * row);
            }
            bld.fixed(q0, 0, 1);
            for (int row = 0; row < len; row++) {
                bld.fixed(q, row, 1);
                bld.fixed(qr, row, 1);
            }
            bld.region("dot", "test", 0, len + 1);
            bld.copy(a, 0, b, len - 1);
            bld.copy(acc, len, out, 0);
            cs = bld.k(k).build();
        }

        /** b[len-1] is forced to a[0] by the copy. */
        Witness witness(long[] as, long[] bs) {
            Witness.Builder w = Witness.builder();
            Fr s = Fr.ZERO;
            for (int row = 0; row < len; row++) {
                long bv = row == len - 1 ? as[0] : bs[row];
                w.set(a, row, as[row]).set(b, row, bv).set(acc, row, s).set(sq, row, as[row] * as[row])
                        .set(d, row, Math.floorMod(bv, 16));
                s = s.add(Fr.of(as[row]).mul(Fr.of(bv)));
            }
            w.set(acc, len, s);
            w.set(out, 0, s);
            return w.build();
        }

        Witness witness(long seed) {
            java.util.SplittableRandom r = new java.util.SplittableRandom(seed);
            long[] as = new long[len];
            long[] bs = new long[len];
            for (int i = 0; i < len; i++) {
                as[i] = r.nextInt(16);
                bs[i] = r.nextInt(-1000, 1000);
            }
            return witness(as, bs);
        }
    }
}
