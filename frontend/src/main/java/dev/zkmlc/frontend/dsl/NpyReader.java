package dev.zkmlc.frontend.dsl;

import dev.zkmlc.ir.Shape;
import dev.zkmlc.ir.Tensor;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the {@code .npy} files that {@code numpy.save} writes, for the subset weights need:
 * format versions 1.0, 2.0 and 3.0; dtype little-endian float32 ({@code <f4}) or float64
 * ({@code <f8}); C (row-major) order. Anything else is refused with a message saying why.
 */
final class NpyReader {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    /** What went wrong with a file; the caller adds the file name and source location. */
    static final class NpyFormatException extends Exception {
        NpyFormatException(String message) {
            super(message);
        }
    }

    private NpyReader() {}

    static Tensor read(byte[] bytes) throws NpyFormatException {
        if (bytes.length < 10 || !startsWithMagic(bytes)) {
            throw new NpyFormatException("not a .npy file (bad magic)");
        }
        int major = bytes[6] & 0xff;
        int minor = bytes[7] & 0xff;
        ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int headerLength;
        int headerStart;
        if (major == 1) {
            headerLength = buf.getShort(8) & 0xffff;
            headerStart = 10;
        } else if (major == 2 || major == 3) {
            if (bytes.length < 12) {
                throw new NpyFormatException("file is truncated in its header");
            }
            headerLength = buf.getInt(8);
            headerStart = 12;
        } else {
            throw new NpyFormatException("unsupported .npy format version " + major + "." + minor
                    + " (zkmlc reads versions 1.0, 2.0 and 3.0)");
        }
        if (headerLength < 0 || headerStart + (long) headerLength > bytes.length) {
            throw new NpyFormatException("file is truncated in its header");
        }
        String header = new String(bytes, headerStart, headerLength,
                major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        String descr = find(DESCR, header, "descr");
        if (find(FORTRAN, header, "fortran_order").equals("True")) {
            throw new NpyFormatException("array is in Fortran order; save it in C order (numpy.ascontiguousarray)");
        }
        int width;
        if (descr.equals("<f4")) {
            width = 4;
        } else if (descr.equals("<f8")) {
            width = 8;
        } else {
            throw new NpyFormatException("unsupported dtype '" + descr
                    + "' (zkmlc reads little-endian float32 '<f4' and float64 '<f8'; use array.astype(numpy.float32))");
        }
        Shape shape = parseShape(find(SHAPE, header, "shape"));
        int dataStart = headerStart + headerLength;
        long needed = (long) shape.size() * width;
        long available = bytes.length - (long) dataStart;
        if (available != needed) {
            throw new NpyFormatException("shape " + shape + " of " + descr + " needs " + needed
                    + " bytes of data, the file has " + available);
        }
        double[] data = new double[shape.size()];
        for (int i = 0; i < data.length; i++) {
            data[i] = width == 4 ? buf.getFloat(dataStart + 4 * i) : buf.getDouble(dataStart + 8 * i);
            if (!Double.isFinite(data[i])) {
                throw new NpyFormatException("element " + i + " is " + data[i] + "; weights must be finite");
            }
        }
        return new Tensor(shape, data);
    }

    private static boolean startsWithMagic(byte[] bytes) {
        for (int i = 0; i < MAGIC.length; i++) {
            if (bytes[i] != MAGIC[i]) {
                return false;
            }
        }
        return true;
    }

    private static String find(Pattern p, String header, String key) throws NpyFormatException {
        Matcher m = p.matcher(header);
        if (!m.find()) {
            throw new NpyFormatException("header has no readable '" + key + "' entry: " + header.trim());
        }
        return m.group(1);
    }

    private static Shape parseShape(String tuple) throws NpyFormatException {
        List<Integer> dims = new ArrayList<>();
        for (String part : tuple.split(",")) {
            String p = part.trim();
            if (p.isEmpty()) {
                continue;
            }
            try {
                dims.add(Integer.parseInt(p.endsWith("L") ? p.substring(0, p.length() - 1) : p));
            } catch (NumberFormatException e) {
                throw new NpyFormatException("bad shape (" + tuple + ") in header");
            }
        }
        try {
            Shape shape = Shape.of(dims);
            shape.size();
            return shape;
        } catch (IllegalArgumentException e) {
            throw new NpyFormatException("bad shape (" + tuple + ") in header: " + e.getMessage());
        }
    }
}
