package dev.zkmlc.frontend.dsl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import dev.zkmlc.ir.Shape;
import dev.zkmlc.ir.Tensor;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class NpyReaderTest {
    /** A .npy file as numpy.save writes it: header padded with spaces to a multiple of 64 bytes. */
    static byte[] npy(int major, String descr, String shape, byte[] data) {
        String dict = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + shape + ", }";
        int prefix = major == 1 ? 10 : 12;
        int pad = 64 - (prefix + dict.length() + 1) % 64;
        String header = dict + " ".repeat(pad) + "\n";
        ByteBuffer head = ByteBuffer.allocate(prefix).order(ByteOrder.LITTLE_ENDIAN);
        head.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', (byte) major, 0});
        if (major == 1) {
            head.putShort((short) header.length());
        } else {
            head.putInt(header.length());
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(head.array());
        out.writeBytes(header.getBytes(StandardCharsets.ISO_8859_1));
        out.writeBytes(data);
        return out.toByteArray();
    }

    static byte[] floats(float... v) {
        ByteBuffer b = ByteBuffer.allocate(4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
        for (float f : v) {
            b.putFloat(f);
        }
        return b.array();
    }

    @Test
    void readsFloat32VersionOne() throws Exception {
        Tensor t = NpyReader.read(npy(1, "<f4", "(2, 3)", floats(1, 2, 3, 4, 5, 6.5f)));
        assertEquals(Shape.of(2, 3), t.shape());
        assertArrayEquals(new double[] {1, 2, 3, 4, 5, 6.5}, t.toArray());
    }

    @Test
    void readsFloat64VersionTwo() throws Exception {
        ByteBuffer b = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putDouble(0.1).putDouble(-2.5);
        Tensor t = NpyReader.read(npy(2, "<f8", "(2,)", b.array()));
        assertEquals(Shape.of(2), t.shape());
        assertArrayEquals(new double[] {0.1, -2.5}, t.toArray());
    }

    @Test
    void readsAScalar() throws Exception {
        Tensor t = NpyReader.read(npy(1, "<f4", "()", floats(3)));
        assertEquals(Shape.scalar(), t.shape());
        assertEquals(3.0, t.get(0));
    }

    @Test
    void readsTheExampleWeightsWrittenByTheGenerator() throws Exception {
        Tensor t = NpyReader.read(Files.readAllBytes(Path.of("..", "examples", "mlp", "w1.npy")));
        assertEquals(Shape.of(64, 32), t.shape());
        for (double v : t.toArray()) {
            assertEquals(true, Math.abs(v) <= 1.0 / 8.0, "uniform in +-1/sqrt(64)");
        }
    }

    @Test
    void everyShapeRoundTrips() {
        qt().forAll(lists().of(integers().between(1, 4)).ofSizeBetween(0, 4)).checkAssert(dims -> {
            Shape shape = Shape.of(dims);
            float[] values = new float[shape.size()];
            for (int i = 0; i < values.length; i++) {
                values[i] = i * 0.25f - 1;
            }
            StringBuilder tuple = new StringBuilder("(");
            for (int d : dims) {
                tuple.append(d).append(", ");
            }
            String shapeText = dims.size() == 1 ? "(" + dims.get(0) + ",)" : tuple.toString().replaceAll(", $", "") + ")";
            try {
                Tensor t = NpyReader.read(npy(1, "<f4", shapeText, floats(values)));
                assertEquals(shape, t.shape());
                for (int i = 0; i < values.length; i++) {
                    assertEquals(values[i], t.get(i));
                }
            } catch (NpyReader.NpyFormatException e) {
                throw new AssertionError(e);
            }
        });
    }

    @Test
    void refusesWhatItCannotRead() {
        assertEquals("array is in Fortran order; save it in C order (numpy.ascontiguousarray)",
                assertThrows(NpyReader.NpyFormatException.class, () -> NpyReader.read(fortran())).getMessage());
        assertEquals("unsupported dtype '>f4' (zkmlc reads little-endian float32 '<f4' and float64 '<f8'; "
                + "use array.astype(numpy.float32))", assertThrows(NpyReader.NpyFormatException.class,
                        () -> NpyReader.read(npy(1, ">f4", "(1,)", floats(1)))).getMessage());
        assertEquals("shape [2, 2] of <f4 needs 16 bytes of data, the file has 12", assertThrows(
                NpyReader.NpyFormatException.class, () -> NpyReader.read(npy(1, "<f4", "(2, 2)", floats(1, 2, 3))))
                .getMessage());
        assertEquals("unsupported .npy format version 9.0 (zkmlc reads versions 1.0, 2.0 and 3.0)",
                assertThrows(NpyReader.NpyFormatException.class, () -> {
                    byte[] b = npy(1, "<f4", "(1,)", floats(1));
                    b[6] = 9;
                    NpyReader.read(b);
                }).getMessage());
        assertEquals("not a .npy file (bad magic)", assertThrows(NpyReader.NpyFormatException.class,
                () -> NpyReader.read(new byte[] {1, 2, 3})).getMessage());
        assertEquals("file is truncated in its header", assertThrows(NpyReader.NpyFormatException.class, () -> {
            byte[] b = npy(1, "<f4", "(1,)", floats(1));
            NpyReader.read(java.util.Arrays.copyOf(b, 30));
        }).getMessage());
    }

    private static byte[] fortran() {
        return new String(npy(1, "<f4", "(2, 2)", floats(1, 2, 3, 4)), StandardCharsets.ISO_8859_1)
                .replace("'fortran_order': False", "'fortran_order': True ")
                .getBytes(StandardCharsets.ISO_8859_1);
    }
}
