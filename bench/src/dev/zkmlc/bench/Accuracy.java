package dev.zkmlc.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.zkmlc.frontend.onnx.OnnxImportOptions;
import dev.zkmlc.frontend.onnx.OnnxImporter;
import dev.zkmlc.ir.Graph;
import dev.zkmlc.ir.Input;
import dev.zkmlc.ir.Tensor;
import dev.zkmlc.ir.fixed.FixedPointInterpreter;
import dev.zkmlc.ir.fixed.FixedPointPlan;
import dev.zkmlc.ir.fixed.FixedTensor;
import dev.zkmlc.ir.interp.FloatInterpreter;
import dev.zkmlc.optimizer.pass.PassManager;
import dev.zkmlc.optimizer.quant.QuantizeOptions;
import dev.zkmlc.optimizer.quant.Quantizer;
import java.io.File;
import java.nio.file.Path;
import java.util.Map;

/**
 * Top-1 accuracy of a model's exact fixed-point semantics (which the circuit reproduces bit for bit, so the
 * interpreter stands in for one proof per digit) against the float model and against the labels, over a labelled
 * MNIST set. A model with 196 inputs gets each 28x28 digit averaged over 2x2 blocks.
 *
 * <p>Usage: Accuracy MODEL.onnx DIGITS.json TARGET(accuracy|resources) OPT_LEVEL [FLOAT_TOP1.json]. Prints one CSV
 * line: samples,float_vs_labels,fixed_vs_labels,fixed_vs_float_agreement; with a fifth argument, also writes the
 * float model's top-1 class per digit there as a JSON array (the reference a peer's circuit is compared with). A
 * model that is no digit classifier (a corpus model) prints {@code n/a,<why>} instead.
 */
public final class Accuracy {
    private Accuracy() {
    }

    public static void main(String[] args) throws Exception {
        Path model = Path.of(args[0]);
        JsonNode digits = new ObjectMapper().readTree(new File(args[1]));
        QuantizeOptions.Target target = QuantizeOptions.Target.valueOf(args[2].toUpperCase());
        int level = Integer.parseInt(args[3]);
        Graph graph = PassManager.forLevel(level).run(new OnnxImporter(new OnnxImportOptions(1)).importFile(model)).graph();
        FixedPointPlan plan = Quantizer.quantize(graph, QuantizeOptions.defaults(target));
        Input in = graph.inputs().get(0);
        int size = in.type().shape().size();
        String out = graph.outputs().get(0).name();
        long classes = graph.typeOf(out).shape().size();
        if ((size != 784 && size != 196) || classes != 10) {
            System.out.printf("n/a,its input '%s' has %d values and its output '%s' %d; a digit classifier takes 784 (or"
                    + " 196) and gives 10%n", in.name(), size, out, classes);
            return;
        }
        JsonNode images = digits.get("images");
        JsonNode labels = digits.get("labels");
        int samples = images.size();
        int floatRight = 0;
        int fixedRight = 0;
        int agree = 0;
        StringBuilder floatTop1 = new StringBuilder("[");
        for (int s = 0; s < samples; s++) {
            Map<String, Tensor> inputs = Map.of(in.name(), new Tensor(in.type().shape(), pixels(images.get(s), size)));
            int f = argmax(FloatInterpreter.run(graph, inputs).get(out));
            FixedTensor q = FixedPointInterpreter.run(graph, plan, inputs).get(out);
            int x = argmaxFixed(q);
            int label = labels.get(s).asInt();
            floatRight += f == label ? 1 : 0;
            fixedRight += x == label ? 1 : 0;
            agree += f == x ? 1 : 0;
            floatTop1.append(s == 0 ? "" : ",").append(f);
        }
        if (args.length > 4) {
            java.nio.file.Files.writeString(Path.of(args[4]), floatTop1.append("]\n").toString());
        }
        System.out.printf("%d,%.4f,%.4f,%.4f%n", samples, floatRight / (double) samples, fixedRight / (double) samples,
                agree / (double) samples);
    }

    /** The 784 pixels as they are, or averaged over 2x2 blocks to 196. */
    private static double[] pixels(JsonNode image, int size) {
        double[] p = new double[784];
        for (int i = 0; i < 784; i++) {
            p[i] = image.get(i).asDouble();
        }
        if (size == 784) {
            return p;
        }
        double[] q = new double[196];
        for (int r = 0; r < 14; r++) {
            for (int c = 0; c < 14; c++) {
                q[r * 14 + c] = (p[(2 * r) * 28 + 2 * c] + p[(2 * r) * 28 + 2 * c + 1] + p[(2 * r + 1) * 28 + 2 * c]
                        + p[(2 * r + 1) * 28 + 2 * c + 1]) / 4;
            }
        }
        return q;
    }

    private static int argmax(Tensor t) {
        int best = 0;
        for (int i = 1; i < t.size(); i++) {
            if (t.get(i) > t.get(best)) {
                best = i;
            }
        }
        return best;
    }

    private static int argmaxFixed(FixedTensor t) {
        int best = 0;
        for (int i = 1; i < t.size(); i++) {
            if (t.get(i) > t.get(best)) {
                best = i;
            }
        }
        return best;
    }
}
