package dev.zkmlc.optimizer.quant;

import dev.zkmlc.ir.Tensor;
import java.util.List;
import java.util.Map;

/**
 * What the quantizer aims for and what it knows.
 *
 * @param target ACCURACY (finer scales, larger tables) or RESOURCES (coarser scales, smaller tables)
 * @param inputScale scale exponent of the graph inputs
 * @param activationScale scale of every value a rescaling op (matmul, conv, table, ...) produces
 * @param weightScale scale of weights and derived constants
 * @param activationRange without calibration: the assumed bound |x| <= R of activations, which sets
 *     table domains [-R, R] and the bit bound
 * @param margin with calibration: widen each observed range by this fraction of its width (and of
 *     its largest magnitude for the bit bound)
 * @param calibration sample inputs (possibly none) to measure ranges on
 */
public record QuantizeOptions(Target target, int inputScale, int activationScale, int weightScale,
        double activationRange, double margin, List<Map<String, Tensor>> calibration) {
    public enum Target { ACCURACY, RESOURCES }

    public QuantizeOptions {
        calibration = List.copyOf(calibration);
        if (activationScale < 0 || weightScale < 0 || inputScale < 0 || activationScale > 30 || weightScale > 30
                || inputScale > 30) {
            throw new IllegalArgumentException("scales must lie in 0..30");
        }
        if (!(activationRange > 0) || !(margin >= 0)) {
            throw new IllegalArgumentException("activation range must be positive and margin non-negative");
        }
    }

    /**
     * The documented defaults: ACCURACY uses scale 2^-10 for inputs, activations and weights and
     * assumes |x| <= 16; RESOURCES uses 2^-7 and |x| <= 8. Calibration margin 25%.
     */
    public static QuantizeOptions defaults(Target target) {
        return target == Target.ACCURACY
                ? new QuantizeOptions(target, 10, 10, 10, 16.0, 0.25, List.of())
                : new QuantizeOptions(target, 7, 7, 7, 8.0, 0.25, List.of());
    }

    public QuantizeOptions withCalibration(List<Map<String, Tensor>> samples) {
        return new QuantizeOptions(target, inputScale, activationScale, weightScale, activationRange, margin, samples);
    }

    public QuantizeOptions withScales(int input, int activation, int weight) {
        return new QuantizeOptions(target, input, activation, weight, activationRange, margin, calibration);
    }
}
