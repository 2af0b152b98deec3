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
}
