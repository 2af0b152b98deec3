package dev.zkmlc.circuit.export;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;

import dev.zkmlc.circuit.cs.Column;
import dev.zkmlc.circuit.cs.ConstraintSystem;
import dev.zkmlc.circuit.cs.ConstraintSystemBuilder;
import dev.zkmlc.circuit.cs.Expression;
import dev.zkmlc.circuit.cs.Lookup;
import dev.zkmlc.circuit.cs.Witness;
import dev.zkmlc.circuit.export.CircuitExport.Encoding;
import dev.zkmlc.circuit.field.Fr;
import dev.zkmlc.circuit.mock.MockProver;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.quicktheories.generators.SourceDSL;

class CircuitExportTest {
    /** out = Σ a_i·b_i over rows, with a range lookup on a, big constants, a copy to the public output. */
    private static ConstraintSystem circuit(ConstraintSystemBuilder b, Column[] c) {
        Column a = c[0] = b.advice("a");
        Column x = c[1] = b.advice("b");
        Column acc = c[2] = b.advice("acc");
        Column q = c[3] = b.fixed("q");
        Column t = c[4] = b.fixed("t");
        Column out = c[5] = b.instance("out");
        b.enableEquality(acc).enableEquality(out);
        Fr big = Fr.of(-1).mul(Fr.of(1L << 62)).square();
        b.gate("mac", q.cur().times(acc.next().minus(acc.cur().plus(a.cur().times(x.cur())))),
                q.cur().times(Expression.constant(big).times(a.cur()).minus(a.cur().times(big))).negate());
        Column tq = b.fixed("t_on");
        // Tuples (v, 1) for v in 0..7, and (0, 0) on the other rows for the rows where q is off.
        b.lookup("range3", List.of(q.cur().times(a.cur()), q.cur()), List.of(t.cur(), tq.cur().times(Fr.ONE)));
        for (int r = 0; r < 8; r++) {
            b.fixed(t, r, r).fixed(tq, r, 1);
        }
        for (int r = 0; r < 5; r++) {
            b.fixed(q, r, 1);
        }
        b.fixed(t, 8, big);
        b.region("mac", "mlp.zk:4:9", 0, 6);
        b.region("table", "model.onnx: node 'Gemm_0'", 0, 9);
        b.copy(acc.at(5), out.at(0));
        return b.build();
    }

    private static Witness witness(Column[] c, long[] as, long[] bs) {
        Witness.Builder w = Witness.builder();
        Fr acc = Fr.ZERO;
        for (int r = 0; r < 5; r++) {
            w.set(c[0], r, as[r]).set(c[1], r, bs[r]).set(c[2], r, acc);
            acc = acc.add(Fr.of(as[r]).mul(Fr.of(bs[r])));
        }
        w.set(c[2], 5, acc).set(c[5], 0, acc);
        return w.build();
    }

    private static final long[] AS = {1, 7, 0, 3, 5};
    private static final long[] BS = {-4, Long.MAX_VALUE, 9, 1L << 61, -(1L << 62) - 5};

    @Test
    void roundTripsInBothEncodingsWithOneHash() {
        Column[] c = new Column[6];
        ConstraintSystem cs = circuit(ConstraintSystem.builder(), c);
        Witness w = witness(c, AS, BS);
        assertEquals(List.of(), MockProver.check(cs, w));
        byte[] bin = CircuitExport.toBinary(cs, w);
        String json = CircuitExport.toJson(cs, w);
        CircuitFile fromBin = CircuitExport.read(bin, "c.bin");
        CircuitFile fromJson = CircuitExport.read(json.getBytes(StandardCharsets.UTF_8), "c.json");
        assertEquals(CircuitExport.contentHash(cs, w), fromBin.sha256());
        assertEquals(fromBin.sha256(), fromJson.sha256());
        for (CircuitFile f : List.of(fromBin, fromJson)) {
            assertArrayEquals(bin, CircuitExport.toBinary(f.constraintSystem(), f.witness().orElseThrow()));
            assertEquals(json, CircuitExport.toJson(f.constraintSystem(), f.witness().orElseThrow()));
            assertEquals(cs.summary(), f.constraintSystem().summary());
            assertEquals(cs.regions(), f.constraintSystem().regions());
            assertEquals(cs.gates().toString(), f.constraintSystem().gates().toString());
            assertEquals(List.of(), MockProver.check(f.constraintSystem(), f.witness().orElseThrow()));
        }
        // A witness that fails still fails, at the same place, after the round trip.
        Witness bad = witness(c, new long[] {1, 8, 0, 3, 5}, BS);
        CircuitFile f = CircuitExport.read(CircuitExport.toBinary(cs, bad), "bad.bin");
        assertEquals(MockProver.check(cs, bad).toString(),
                MockProver.check(f.constraintSystem(), f.witness().orElseThrow()).toString());
    }

    @Test
    void lookupsIntoTablesInSeveralSegmentsRoundTrip() {
        // x·q must be in 0..11, a table laid out as three segments of four rows (columns t0, t1, t2).
        ConstraintSystemBuilder b = ConstraintSystem.builder();
        Column x = b.advice("x");
        Column q = b.fixed("q");
        List<List<Expression>> segments = new ArrayList<>();
        for (int s = 0; s < 3; s++) {
            Column t = b.fixed("t" + s);
            for (int r = 0; r < 4; r++) {
                b.fixed(t, r, 4 * s + r);
            }
            segments.add(List.of(t.cur()));
        }
        b.lookup(new Lookup("split", List.of(q.cur().times(x.cur())), segments));
        b.fixed(q, 0, 1).fixed(q, 1, 1);
        ConstraintSystem cs = b.k(4).build();
        Witness w = Witness.builder().set(x, 0, 10).set(x, 1, 3).build();
        assertEquals(List.of(), MockProver.check(cs, w));
        byte[] bin = CircuitExport.toBinary(cs, w);
        String json = CircuitExport.toJson(cs, w);
        assertTrue(json.contains("\"segments\""), json);
        for (CircuitFile f : List.of(CircuitExport.read(bin, "split.bin"),
                CircuitExport.read(json.getBytes(StandardCharsets.UTF_8), "split.json"))) {
            ConstraintSystem read = f.constraintSystem();
            assertEquals(cs.lookups(), read.lookups());
            assertEquals(3, read.lookups().get(0).segments().size());
            assertArrayEquals(bin, CircuitExport.toBinary(read, f.witness().orElseThrow()));
            assertEquals(json, CircuitExport.toJson(read, f.witness().orElseThrow()));
            // 12 is in no segment: the read circuit still refuses it, naming the lookup and the row.
            List<dev.zkmlc.circuit.mock.Failure> fails = MockProver.check(read, Witness.builder().set(x, 1, 12).build());
            assertEquals(1, fails.size(), fails.toString());
            assertEquals("split", fails.get(0).gate());
            assertEquals(1, fails.get(0).row());
        }
    }

    @Test
    void withoutWitnessAndDeterministic() {
        Column[] c = new Column[6];
        ConstraintSystem cs1 = circuit(ConstraintSystem.builder(), c);
        ConstraintSystem cs2 = circuit(ConstraintSystem.builder(), new Column[6]);
        assertArrayEquals(CircuitExport.toBinary(cs1, null), CircuitExport.toBinary(cs2, null));
        assertEquals(CircuitExport.toJson(cs1, null), CircuitExport.toJson(cs2, null));
        CircuitFile f = CircuitExport.read(CircuitExport.toJson(cs1, null).getBytes(StandardCharsets.UTF_8), "x");
        assertTrue(f.witness().isEmpty());
        assertNotEquals(CircuitExport.contentHash(cs1, null), CircuitExport.contentHash(cs1, witness(c, AS, BS)));
    }

    @Test
    void refusesBadMagicVersionHashAndTruncation() {
        Column[] c = new Column[6];
        ConstraintSystem cs = circuit(ConstraintSystem.builder(), c);
        byte[] bin = CircuitExport.toBinary(cs, witness(c, AS, BS));

        byte[] magic = bin.clone();
        magic[0] = 'X';
        assertMessage(magic, "c.bin: not a zkmlc circuit file (bad magic)");
        byte[] version = bin.clone();
        version[8] = 2;
        assertMessage(version, "c.bin: unsupported circuit format version 2 (this zkmlc reads version 3)");
        byte[] body = bin.clone();
        body[body.length - 3] ^= 1;
        assertMessage(body, "c.bin: content hash mismatch: the file is corrupt or was modified");
        assertMessage(java.util.Arrays.copyOf(bin, bin.length - 1), "c.bin: truncated or padded");
        assertMessage(new byte[0], "c.bin: not a zkmlc circuit file (bad magic)");

        String json = CircuitExport.toJson(cs, witness(c, AS, BS));
        String edited = json.replace("\"mlp.zk:4:9\"", "\"mlp.zk:4:10\"");
        assertNotEquals(json, edited);
        assertMessage(edited.getBytes(StandardCharsets.UTF_8), "c.bin: content hash mismatch");
        assertMessage(json.replace("\"version\" : 3", "\"version\" : 9").getBytes(StandardCharsets.UTF_8),
                "c.bin: unsupported circuit format version 9");
        assertMessage(json.replace("zkmlc-circuit", "other").getBytes(StandardCharsets.UTF_8), "c.bin: not a zkmlc circuit file (bad magic");
        assertMessage("{ not json".getBytes(StandardCharsets.UTF_8), "c.bin: not valid JSON");
        assertMessage(json.replace("\"gates\"", "\"gatez\"").getBytes(StandardCharsets.UTF_8), "missing field 'gates'");
    }

    @Test
    void anyCorruptionIsRefusedWithAFormatException() {
        Column[] c = new Column[6];
        ConstraintSystem cs = circuit(ConstraintSystem.builder(), c);
        byte[] bin = CircuitExport.toBinary(cs, witness(c, AS, BS));
        byte[] json = CircuitExport.toJson(cs, witness(c, AS, BS)).getBytes(StandardCharsets.UTF_8);
        qt().withExamples(300).forAll(SourceDSL.integers().between(0, Integer.MAX_VALUE), SourceDSL.integers().between(1, 255),
                SourceDSL.booleans().all()).checkAssert((pos, delta, useJson) -> {
                    byte[] d = (useJson ? json : bin).clone();
                    int i = pos % d.length;
                    d[i] = (byte) (d[i] + delta);
                    try {
                        CircuitFile f = CircuitExport.read(d, "f");
                        // Only a JSON whitespace-to-whitespace style edit can keep the content: then nothing changed.
                        assertEquals(CircuitExport.contentHash(cs, witness(c, AS, BS)), f.sha256());
                    } catch (CircuitFormatException e) {
                        assertTrue(e.getMessage().startsWith("f: "), e.getMessage());
                    }
                });
    }

    @Test
    void malformedBodiesWithValidHashAreRefused() {
        // Re-sign a corrupted body so that the decoder itself has to catch the damage.
        Column[] c = new Column[6];
        ConstraintSystem cs = circuit(ConstraintSystem.builder(), c);
        byte[] body = BinaryBody.encode(cs, witness(c, AS, BS));
        qt().withExamples(300).forAll(SourceDSL.integers().between(0, Integer.MAX_VALUE), SourceDSL.integers().between(1, 255))
                .checkAssert((pos, delta) -> {
                    byte[] d = body.clone();
                    d[pos % d.length] = (byte) (d[pos % d.length] + delta);
                    try {
                        CircuitExport.read(resign(d), "f");
                    } catch (CircuitFormatException e) {
                        assertTrue(e.getMessage().startsWith("f: "), e.getMessage());
                    }
                });
        assertMessage(resign(java.util.Arrays.copyOf(body, body.length - 1)), "c.bin: malformed circuit file at byte");
    }

    @Test
    void autoEncodingAndFiles(@TempDir Path dir) throws Exception {
        Column[] c = new Column[6];
        ConstraintSystem small = circuit(ConstraintSystem.builder(), c);
        assertEquals(Encoding.JSON, Encoding.auto(small, null));
        ConstraintSystemBuilder b = ConstraintSystem.builder();
        Column f = b.fixed("f");
        for (int r = 0; r < 70_000; r++) {
            b.fixed(f, r, r % 3);
        }
        ConstraintSystem large = b.build();
        assertEquals(Encoding.BINARY, Encoding.auto(large, null));
        Path p = dir.resolve("large.circuit");
        CircuitExport.write(p, large, null, Encoding.BINARY);
        assertTrue(Files.size(p) < 100_000, "compact: " + Files.size(p));
        assertEquals(CircuitExport.contentHash(large, null), CircuitExport.read(p).sha256());
        CircuitFormatException e = assertThrows(CircuitFormatException.class, () -> CircuitExport.read(dir.resolve("none")));
        assertTrue(e.getMessage().contains("cannot read"), e.getMessage());
    }

    private static byte[] resign(byte[] body) throws RuntimeException {
        Sink s = Sink.inMemory();
        s.bytes(CircuitExport.MAGIC.getBytes(StandardCharsets.US_ASCII));
        s.u32(CircuitExport.VERSION);
        try {
            s.bytes(java.security.MessageDigest.getInstance("SHA-256").digest(body));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        s.u64(body.length);
        s.bytes(body);
        return s.toByteArray();
    }

    private static void assertMessage(byte[] data, String expectedPrefix) {
        CircuitFormatException e = assertThrows(CircuitFormatException.class, () -> CircuitExport.read(data, "c.bin"));
        assertTrue(e.getMessage().startsWith(expectedPrefix) || e.getMessage().contains(expectedPrefix), e.getMessage());
    }
}
