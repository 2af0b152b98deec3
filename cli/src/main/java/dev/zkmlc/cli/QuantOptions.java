package dev.zkmlc.cli;

import dev.zkmlc.ir.Graph;
import dev.zkmlc.ir.Tensor;
import dev.zkmlc.ir.fixed.FixedPointPlan;
import dev.zkmlc.optimizer.quant.QuantizeOptions;
import dev.zkmlc.optimizer.quant.Quantizer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/** How a command quantizes: the accuracy/resources target, explicit scales, calibration data. */
final class QuantOptions {
    @Option(names = "--target", paramLabel = "TARGET", defaultValue = "accuracy",
            description = "Quantization target: accuracy (finer scales, larger tables) or resources (default: ${DEFAULT-VALUE}).")
    String target;

    @Option(names = "--scale", paramLabel = "BITS", converter = OptionValues.ScaleBits.class,
            description = "Fixed-point scale exponent for inputs, activations and weights (overrides the target's default).")
    Integer scale;

    @Option(names = "--calibrate", paramLabel = "FILE",
            description = "Calibration inputs (repeatable): input files, in EZKL's shape with several samples "
                    + "concatenated per input, or zkmlc's own.")
    List<Path> calibration = new ArrayList<>();

    QuantizeOptions.Target parsedTarget() {
        switch (target.toLowerCase()) {
            case "accuracy":
                return QuantizeOptions.Target.ACCURACY;
            case "resources":
                return QuantizeOptions.Target.RESOURCES;
            default:
                throw new UsageError("--target: expected 'accuracy' or 'resources', got '" + target + "'");
        }
    }

    QuantizeOptions options(Graph graph) {
        QuantizeOptions o = QuantizeOptions.defaults(parsedTarget());
        if (scale != null) {
            o = o.withScales(scale, scale, scale);
        }
        List<Map<String, Tensor>> samples = new ArrayList<>();
        for (Path file : calibration) {
            samples.addAll(Samples.read(FileArgs.readable(file), graph));
        }
        return samples.isEmpty() ? o : o.withCalibration(samples);
    }

    FixedPointPlan plan(Graph graph) {
        return Quantizer.quantize(graph, options(graph));
    }
}
