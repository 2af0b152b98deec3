package dev.zkmlc.optimizer.cost;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.doubles;

import org.junit.jupiter.api.Test;

class CostProfileTest {
    @Test
    void jsonRoundTripKeepsEveryUnitCost() {
        qt().forAll(doubles().between(0.01, 1e6), doubles().between(0.01, 1e6), doubles().between(0.01, 1e6))
                .checkAssert((a, b, c) -> {
                    CostProfile p = new CostProfile("bench \"box\" 1", a, b, b * 3, b * 2, c, c * 2, a + 1, b + 1, c + 1);
                    CostProfile q = CostProfile.fromJson(p.toJson(), "p.json");
                    assertEquals(p.source(), q.source());
                    assertEquals(a, q.nttNs(), 1e-4);
                    assertEquals(b, q.msmFullNs(), 1e-4);
                    assertEquals(b * 3, q.msmFullFixedNs(), 1e-4);
                    assertEquals(b * 2, q.msmPippengerNs(), 1e-4);
                    assertEquals(c, q.msmSmallNs(), 1e-4);
                    assertEquals(c * 2, q.msmSmallFixedNs(), 1e-4);
                    assertEquals(a + 1, q.fieldMulNs(), 1e-4);
                    assertEquals(b + 1, q.lookupNsPerRow(), 1e-4);
                    assertEquals(c + 1, q.witnessNsPerCell(), 1e-4);
                });
    }

    @Test
    void badFilesAreNamedInOneMessage() {
        CostProfileException notAProfile = assertThrows(CostProfileException.class,
                () -> CostProfile.fromJson("{\"nttNs\": 1}", "x.json"));
        assertTrue(notAProfile.getMessage().startsWith("x.json: not a zkmlc cost profile"), notAProfile.getMessage());
        String missing = CostProfile.defaults().toJson().replace("\"msmSmallNs\"", "\"other\"");
        CostProfileException m = assertThrows(CostProfileException.class, () -> CostProfile.fromJson(missing, "y.json"));
        assertEquals("y.json: missing \"msmSmallNs\"", m.getMessage());
        String negative = CostProfile.defaults().toJson().replaceFirst("\"nttNs\": [0-9.]+", "\"nttNs\": -1");
        assertThrows(CostProfileException.class, () -> CostProfile.fromJson(negative, "z.json"));
        String older = CostProfile.defaults().toJson().replace("\"version\": 3", "\"version\": 2");
        CostProfileException v = assertThrows(CostProfileException.class, () -> CostProfile.fromJson(older, "old.json"));
        assertEquals("old.json: cost profile format version 2, this zkmlc reads version 3 (it costs commitments"
                + " differently): run zkmlc calibrate-cost again", v.getMessage());
    }
}
