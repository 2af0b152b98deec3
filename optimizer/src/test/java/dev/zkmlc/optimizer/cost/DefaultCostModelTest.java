package dev.zkmlc.optimizer.cost;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;

import dev.zkmlc.circuit.backend.LayoutStats;
import org.junit.jupiter.api.Test;

class DefaultCostModelTest {
    private final DefaultCostModel model = new DefaultCostModel(CostProfile.defaults());

    static LayoutStats stats(int width, int k, int lookups) {
        return new LayoutStats("halo2-style", width, k, (1 << k) / 2, 100, width, 15, 1, 4, 9, lookups,
                5L * (1 << k), width + 2, 5, (long) width * (1 << k) / 2);
    }

    @Test
    void phasesAddUpToTheTotal() {
        CostEstimate e = model.estimate(stats(8, 12, 4));
        double sum = e.secondsByPhase().values().stream().mapToDouble(Double::doubleValue).sum();
        assertEquals(e.provingSeconds(), sum, 1e-9);
        assertEquals(java.util.List.of("ntt", "msm", "quotient", "lookup", "permutation", "evaluation", "witness"),
                java.util.List.copyOf(e.secondsByPhase().keySet()));
    }

    @Test
    void moreRowsOrMoreColumnsCostMoreTimeMemoryAndNoLessProof() {
        qt().forAll(integers().between(5, 64), integers().between(6, 22), integers().between(1, 32)).checkAssert((w, k, l) -> {
            CostEstimate base = model.estimate(stats(w, k, l));
            CostEstimate taller = model.estimate(stats(w, k + 1, l));
            CostEstimate wider = model.estimate(stats(w + 1, k, l));
            CostEstimate moreLookups = model.estimate(stats(w, k, l + 1));
            assertTrue(taller.provingSeconds() > base.provingSeconds());
            assertTrue(taller.peakMemoryBytes() > base.peakMemoryBytes());
            assertEquals(base.proofBytes(), taller.proofBytes());
            assertTrue(wider.provingSeconds() > base.provingSeconds());
            assertTrue(wider.proofBytes() > base.proofBytes());
            assertTrue(moreLookups.provingSeconds() > base.provingSeconds());
        });
    }

    @Test
    void lookupsBeyondTheFirstShareHelperColumnsTwoToAColumnAtDegreeFive() {
        // stats() has degree 5: the table's running sum and one helper column per pair of its other lookups, so the
        // third lookup adds no full-size commitment (only its per-row work), the fourth one.
        double full = model.msmFull(1 << 12);
        double msm2 = model.estimate(stats(8, 12, 2)).secondsByPhase().get("msm");
        double msm3 = model.estimate(stats(8, 12, 3)).secondsByPhase().get("msm");
        double msm4 = model.estimate(stats(8, 12, 4)).secondsByPhase().get("msm");
        assertEquals(msm2, msm3, 1e-12);
        assertEquals(full * 1e-9, msm4 - msm3, 1e-12);
    }

    @Test
    void doublingRowsRoughlyDoublesTime() {
        double t12 = model.estimate(stats(8, 12, 4)).provingSeconds();
        double t13 = model.estimate(stats(8, 13, 4)).provingSeconds();
        assertTrue(t13 / t12 > 1.8 && t13 / t12 < 2.5, "ratio " + t13 / t12);
    }

    /** {@link #stats} with the table in {@code segments} segments (3 fixed columns each beyond the first). */
    static LayoutStats segmented(int width, int k, int lookups, int segments) {
        LayoutStats s = stats(width, k, lookups);
        return new LayoutStats(s.backend(), s.width(), s.k(), s.usedRows(), s.tableRows(), s.adviceColumns(),
                s.fixedColumns() + 3 * (segments - 1), s.instanceColumns(), s.instanceValues(), s.gates(), s.lookups(),
                s.copies(), s.equalityColumns(), s.degree(), s.adviceCells(), 0, segments);
    }

    @Test
    void eachSegmentCostsItsColumnsAndAHalvedKPaysForAFew() {
        qt().forAll(integers().between(5, 32), integers().between(8, 20), integers().between(1, 16), integers().between(1, 40))
                .checkAssert((w, k, l, s) -> {
                    CostEstimate fewer = model.estimate(segmented(w, k, l, s));
                    CostEstimate more = model.estimate(segmented(w, k, l, s + 1));
                    assertTrue(more.provingSeconds() > fewer.provingSeconds());
                    assertTrue(more.peakMemoryBytes() > fewer.peakMemoryBytes());
                    assertTrue(more.proofBytes() > fewer.proofBytes());
                });
        // A table that sets k = 16 in one segment fits k = 15 in two: a smaller proof time at the same other counts.
        assertTrue(model.estimate(segmented(8, 15, 4, 2)).provingSeconds() < model.estimate(segmented(8, 16, 4, 1))
                .provingSeconds());
    }

    /**
     * The floors are under the estimate of every layout whose counts are each at least the floor's, whatever its
     * degree (which packs the equality columns into fewer grand-product chunks as it grows) and phase-1 columns.
     */
    @Test
    void theFloorsAreNeverAboveTheEstimateOfALayoutWithAtLeastTheirCounts() {
        qt().withExamples(400).forAll(org.quicktheories.generators.SourceDSL.longs().all()).checkAssert(seed -> {
            java.util.Random r = new java.util.Random(seed);
            int w = 3 + r.nextInt(40);
            int k = 6 + r.nextInt(18);
            int fixed = r.nextInt(30);
            int inst = r.nextInt(2);
            int gates = 1 + r.nextInt(12);
            int lookups = r.nextInt(w / 2 + 1);
            int eq = w + r.nextInt(3);
            int degree = lookups > 0 ? 5 : 3;
            int segments = 1 + r.nextInt(4);
            LayoutStats floor = new LayoutStats("halo2-style", w, k, 1 << (k - 1), 0, w, fixed, inst, 0, gates, lookups,
                    0, eq, degree, 0, 0, segments);
            int realW = w + r.nextInt(4);
            int realLookups = lookups + r.nextInt(3);
            LayoutStats real = new LayoutStats("halo2-style", realW, k + r.nextInt(2), 1 << (k - 1), 1000, realW + r.nextInt(4),
                    fixed + r.nextInt(10), inst, 16, gates + r.nextInt(5), realLookups, 1L << k,
                    Math.max(eq, realW) + r.nextInt(40), degree + r.nextInt(8), (long) realW << k,
                    r.nextBoolean() ? 3 : 0, segments + r.nextInt(2));
            CostEstimate e = model.estimate(real);
            assertTrue(model.secondsFloor(floor) <= e.provingSeconds(), floor + " vs " + real);
            assertTrue(model.peakMemoryFloor(floor) <= e.peakMemoryBytes(), floor + " vs " + real);
        });
    }
}
