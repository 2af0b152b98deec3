package dev.zkmlc.cli;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Converters for numeric options with a range, so that an out-of-range value is a usage error at
 * parse time ("Invalid value for option '-O': expected 0..3, got '7'"), exit code {@link ExitCodes#USAGE}.
 */
final class OptionValues {
    private OptionValues() {}

    static int inRange(String text, long lo, long hi) {
        long v;
        try {
            v = Long.parseLong(text.strip());
        } catch (NumberFormatException e) {
            throw new TypeConversionException("expected a whole number, got '" + text + "'");
        }
        if (v < lo || v > hi) {
            String range = hi == Integer.MAX_VALUE ? (lo == 0 ? "a number >= 0" : "a number >= " + lo) : lo + ".." + hi;
            throw new TypeConversionException("expected " + range + ", got '" + text + "'");
        }
        return (int) v;
    }

    /** -O: 0..3. */
    static final class OptLevel implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            return inRange(value, 0, 3);
        }
    }

    /** Counts that must be at least one (--batch, --width). */
    static final class Positive implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            return inRange(value, 1, Integer.MAX_VALUE);
        }
    }

    /** Budgets that may be zero (audit's --wires, --cells, --pairs). */
    static final class NonNegative implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            return inRange(value, 0, Integer.MAX_VALUE);
        }
    }

    /** --table-bits: the range-check table has 2^B rows, 1..24. */
    static final class TableBits implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            return inRange(value, 1, 24);
        }
    }

    /** --table-segments: the lookup table spread over S tuples of fixed columns, 1..64. */
    static final class TableSegments implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            return inRange(value, 1, dev.zkmlc.circuit.backend.LayoutOptions.MAX_TABLE_SEGMENTS);
        }
    }

    /** --scale: a fixed-point scale exponent, 0..30. */
    static final class ScaleBits implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            return inRange(value, 0, 30);
        }
    }

    /** srs -k: the power of a Powers-of-Tau file, 1..28. */
    static final class SrsPower implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            return inRange(value, 1, 28);
        }
    }

    /** calibrate-cost --max-log: 10..20. */
    static final class MaxLog implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            return inRange(value, 10, 20);
        }
    }
}
