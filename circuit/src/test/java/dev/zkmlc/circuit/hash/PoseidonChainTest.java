package dev.zkmlc.circuit.hash;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.zkmlc.circuit.field.Fr;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PoseidonChainTest {

    private static List<Fr> range(int n) {
        List<Fr> xs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            xs.add(Fr.of(1000 + i));
        }
        return xs;
    }

    @Test
    void linksAreCircomlibCallsSeededWithTheLength() {
        PoseidonChain chain = new PoseidonChain(3);
        Fr a = Fr.of(5);
        Fr b = Fr.of(6);
        Fr c = Fr.of(7);
        Fr h1 = Poseidon.hash(Fr.of(3), a, b);
        Fr h2 = Poseidon.hash(h1, c, Fr.ZERO);
        assertEquals(h2, chain.hash(a, b, c));
    }

    @Test
    void emptyVectorIsOneLinkOfZeros() {
        assertEquals(Poseidon.hash(Fr.ZERO, Fr.ZERO, Fr.ZERO, Fr.ZERO), new PoseidonChain(4).hash(List.of()));
        assertEquals(1, PoseidonChain.DEFAULT.links(0));
    }

    @Test
    void trailingZerosChangeTheHash() {
        // Without the length in h_0 the zero padding would make these equal.
        PoseidonChain chain = new PoseidonChain(4);
        assertNotEquals(chain.hash(Fr.of(9)), chain.hash(Fr.of(9), Fr.ZERO));
        assertNotEquals(chain.hash(Fr.of(9), Fr.ZERO), chain.hash(Fr.of(9), Fr.ZERO, Fr.ZERO));
    }

    @Test
    void everyElementMatters() {
        List<Fr> base = range(40);
        Fr h = PoseidonChain.DEFAULT.hash(base);
        for (int i = 0; i < base.size(); i++) {
            List<Fr> changed = new ArrayList<>(base);
            changed.set(i, changed.get(i).add(Fr.ONE));
            assertNotEquals(h, PoseidonChain.DEFAULT.hash(changed), "element " + i);
        }
    }

    @Test
    void linkCountFollowsTheChunkSize() {
        PoseidonChain chain = PoseidonChain.DEFAULT;
        assertEquals(16, chain.arity());
        assertEquals(15, chain.chunkSize());
        assertEquals(1, chain.links(15));
        assertEquals(2, chain.links(16));
        assertEquals(67, chain.links(1000));
    }

    @Test
    void rejectsArityOutsideCircomlibsRange() {
        assertThrows(IllegalArgumentException.class, () -> new PoseidonChain(1));
        assertThrows(IllegalArgumentException.class, () -> new PoseidonChain(17));
    }
}
