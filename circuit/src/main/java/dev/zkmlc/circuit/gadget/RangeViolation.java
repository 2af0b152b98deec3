package dev.zkmlc.circuit.gadget;

/**
 * A witness value lies outside the range the circuit was compiled for (a range check or a lookup
 * table's domain). Raised at witness generation, so the user learns the node, the value and the
 * range instead of getting an unsatisfied circuit.
 */
public final class RangeViolation extends GadgetException {
    private final String origin;
    private final long value;
    private final long lo;
    private final long hi;

    public RangeViolation(String origin, String what, long value, long lo, long hi) {
        super(origin + ": " + what + " " + value + " is outside the compiled range [" + lo + ", " + hi
                + "]; recompile with calibration inputs that cover this input (--calibrate)");
        this.origin = origin;
        this.value = value;
        this.lo = lo;
        this.hi = hi;
    }

    public String origin() {
        return origin;
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
