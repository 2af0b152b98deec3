package dev.zkmlc.ir.fixed;

import dev.zkmlc.ir.SourceLocation;

/**
 * An input drove a value outside the range the plan (and so the circuit) covers: a lookup-table
 * input outside its table, or an activation outside the plan's bit bound. Caught at interpretation
 * and witness time, with the node, the value and the range, never a silent clamp.
 */
public class RangeViolation extends FixedPointException {
    /** Which range was left. */
    public enum Kind {
        /** The input of a node's lookup table lies outside the table. */
        TABLE_INPUT,
        /** An input or node output lies outside the plan's signed activation bit bound. */
        ACTIVATION_BOUND
    }

    private final Kind kind;
    private final String node;
    private final SourceLocation location;
    private final long value;
    private final long lo;
    private final long hi;

    public RangeViolation(Kind kind, String node, SourceLocation location, String what, long value, long lo, long hi,
            int scale) {
        super((location.equals(SourceLocation.UNKNOWN) ? "" : location + ": ") + "node '" + node + "': " + what + " " + value + " (= " + FixedPointMath.dequantize(value, scale)
                + ") is outside the compiled range [" + lo + ", " + hi + "] (= [" + FixedPointMath.dequantize(lo, scale)
                + ", " + FixedPointMath.dequantize(hi, scale) + "] at scale 2^-" + scale
                + "); recompile with --calibrate on inputs like this one to widen the range");
        this.kind = kind;
        this.node = node;
        this.location = location;
        this.value = value;
        this.lo = lo;
        this.hi = hi;
    }

    public Kind kind() {
        return kind;
    }

    public String node() {
        return node;
    }

    public SourceLocation location() {
        return location;
    }

    public long value() {
        return value;
    }

    public long lo() {
        return lo;
    }

    public long hi() {
        return hi;
    }
}
