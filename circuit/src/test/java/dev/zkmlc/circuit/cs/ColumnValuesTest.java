package dev.zkmlc.circuit.cs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.quicktheories.QuickTheory.qt;

import dev.zkmlc.circuit.field.Fr;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.quicktheories.generators.SourceDSL;

/**
 * A built column shares the builder's arrays until the builder is written again: whatever the builder does after
 * {@link ColumnValues.Builder#build()} (small and large values, overwrites of either kind, growth, a bulk
 * {@code setAll} at the start), every snapshot keeps exactly the values it had when it was built. A snapshot that
 * changed later would let a witness or fixed column differ from the one that was checked or committed.
 */
class ColumnValuesTest {
    @Test
    void snapshotsKeepTheirValuesWhateverTheBuilderDoesNext() {
        qt().withExamples(300).forAll(SourceDSL.longs().all()).checkAssert(seed -> {
            Random r = new Random(seed);
            ColumnValues.Builder b = new ColumnValues.Builder();
            Map<Integer, Fr> model = new HashMap<>();
            int length = 0;
            if (r.nextBoolean()) {
                int n = r.nextInt(40);
                long[] values = new long[n + r.nextInt(3)];
                for (int i = 0; i < values.length; i++) {
                    values[i] = r.nextInt(2001) - 1000;
                }
                b.setAll(values, n);
                for (int i = 0; i < n; i++) {
                    model.put(i, Fr.of(values[i]));
                }
                length = n;
            }
            List<ColumnValues> snapshots = new ArrayList<>();
            List<Map<Integer, Fr>> expected = new ArrayList<>();
            List<Integer> lengths = new ArrayList<>();
            int steps = 1 + r.nextInt(60);
            for (int s = 0; s < steps; s++) {
                if (r.nextInt(4) == 0) {
                    snapshots.add(b.build());
                    expected.add(new HashMap<>(model));
                    lengths.add(length);
                    continue;
                }
                int row = r.nextInt(r.nextBoolean() ? Math.max(1, length) : 200);
                int kind = r.nextInt(3);
                long small = r.nextLong() >> r.nextInt(64);
                Fr v = kind == 2 ? Fr.random(new java.util.SplittableRandom(r.nextLong())) : Fr.of(small);
                if (kind == 0) {
                    b.set(row, small);
                } else {
                    b.set(row, v);
                }
                model.put(row, v);
                length = Math.max(length, row + 1);
            }
            snapshots.add(b.build());
            expected.add(new HashMap<>(model));
            lengths.add(length);
            for (int i = 0; i < snapshots.size(); i++) {
                ColumnValues c = snapshots.get(i);
                int len = lengths.get(i);
                assertEquals(len, c.length(), "snapshot " + i);
                for (int row = 0; row < len + 3; row++) {
                    Fr want = expected.get(i).getOrDefault(row, Fr.ZERO);
                    assertEquals(want, c.get(row), "snapshot " + i + " row " + row);
                    if (c.isSmall(row)) {
                        assertEquals(want, Fr.of(c.small(row)), "snapshot " + i + " row " + row + " (small)");
                    }
                }
            }
        });
    }
}
