package dev.zkmlc.ir.fixed;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How a float graph becomes a fixed-point one: the scale exponent of every value (inputs,
 * initializers, node outputs; q stands for q / 2^s), the weight scale of derived constants
 * (leaky-relu alpha, gemm alpha/beta on non-constant operands, batch-norm's folded affine map), the
 * signed bit bound every activation must fit, and the lookup table of each nonlinearity node
 * (keyed by node name). Immutable; the quantizer makes it.
 */
public record FixedPointPlan(Map<String, Integer> scales, int weightScale, int activationBits,
        Map<String, TableSpec> tables) {
    public FixedPointPlan {
        if (activationBits < 2 || activationBits > 63) {
            throw new IllegalArgumentException("activation bit bound must be in 2..63, got " + activationBits);
        }
        scales = Collections.unmodifiableMap(new LinkedHashMap<>(scales));
        tables = Collections.unmodifiableMap(new LinkedHashMap<>(tables));
    }

    /** The scale of a value; a plan that lacks it does not fit the graph. */
    public int scale(String value) {
        Integer s = scales.get(value);
        if (s == null) {
            throw new FixedPointException("the fixed-point plan has no scale for value '" + value + "'");
        }
        return s;
    }

    /** The table of a nonlinearity node; a plan that lacks it does not fit the graph. */
    public TableSpec table(String node) {
        TableSpec t = tables.get(node);
        if (t == null) {
            throw new FixedPointException("the fixed-point plan has no lookup table for node '" + node + "'");
        }
        return t;
    }

    /** The smallest activation value, -2^(b-1). */
    public long minActivation() {
        return FixedPointMath.minSigned(activationBits);
    }

    /** The largest activation value, 2^(b-1) - 1. */
    public long maxActivation() {
        return FixedPointMath.maxSigned(activationBits);
    }
}
