package dev.zkmlc.ir.op;

/** Functions {@link StrictMath} lacks, written to be bit-reproducible on every JVM. */
public final class SpecialFunctions {
    private static final double TWO_OVER_SQRT_PI = 1.1283791670955126;
    private static final double ONE_OVER_SQRT_PI = 0.5641895835477563;

    private SpecialFunctions() {}

    /**
     * The error function, to about 1e-15 absolute: its Maclaurin series below |x| = 3, where the
     * terms stay small enough not to cancel badly, and the continued fraction of erfc above.
     */
    public static double erf(double x) {
        if (Double.isNaN(x)) {
            return x;
        }
        double a = StrictMath.abs(x);
        double result;
        if (a < 3.0) {
            double term = a;
            double sum = a;
            double a2 = a * a;
            for (int n = 1; n < 200; n++) {
                term *= -a2 / n;
                double contribution = term / (2 * n + 1);
                sum += contribution;
                if (StrictMath.abs(contribution) < 1e-17 * StrictMath.abs(sum)) {
                    break;
                }
            }
            result = TWO_OVER_SQRT_PI * sum;
        } else if (a < 27.0) {
            double fraction = a;
            for (int k = 80; k >= 1; k--) {
                fraction = a + (k / 2.0) / fraction;
            }
            result = 1.0 - StrictMath.exp(-a * a) * ONE_OVER_SQRT_PI / fraction;
        } else {
            result = 1.0;
        }
        return x < 0 ? -result : result;
    }
}
