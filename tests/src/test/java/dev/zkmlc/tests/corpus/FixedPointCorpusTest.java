package dev.zkmlc.tests.corpus;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.zkmlc.frontend.input.TensorJson;
import dev.zkmlc.frontend.onnx.OnnxImporter;
import dev.zkmlc.ir.Graph;
import dev.zkmlc.ir.Output;
import dev.zkmlc.ir.Tensor;
import dev.zkmlc.ir.fixed.ErrorBound;
import dev.zkmlc.ir.fixed.FixedPointException;
import dev.zkmlc.ir.fixed.FixedPointInterpreter;
import dev.zkmlc.ir.fixed.FixedPointPlan;
import dev.zkmlc.ir.fixed.FixedTensor;
import dev.zkmlc.ir.interp.FloatInterpreter;
import dev.zkmlc.optimizer.quant.QuantizeOptions;
import dev.zkmlc.optimizer.quant.Quantizer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every corpus model whose float outputs match ONNX Runtime is quantized (calibrated on its own
 * input), run by the exact fixed-point interpreter, and checked against the error bound that
 * docs/semantics.md states: |float - fixed| <= ErrorBound at every output element.
 */
class FixedPointCorpusTest {
    @Test
    void modelsRunInFixedPointWithinTheStatedErrorBound() throws IOException {
        Path corpus = Corpus.location();
        assumeTrue(Files.isDirectory(corpus), "corpus not found at " + corpus + " (set -Dzkmlc.corpus=...)");
        List<String> violations = new ArrayList<>();
        List<String> refused = new ArrayList<>();
        int floatMatches = 0;
        int ran = 0;
        for (Path dir : Corpus.models(corpus)) {
            if (Corpus.run(dir).status() != Corpus.Status.MATCH) {
                continue;
            }
            floatMatches++;
            String name = dir.getFileName().toString();
            Graph g = new OnnxImporter().importFile(dir.resolve("network.onnx"));
            Map<String, Tensor> in = TensorJson.readInputs(dir.resolve("input.json"), g);
            Map<String, FixedTensor> fixed;
            Map<String, Tensor> bound;
            try {
                FixedPointPlan plan = Quantizer.quantize(g,
                        QuantizeOptions.defaults(QuantizeOptions.Target.ACCURACY).withCalibration(List.of(in)));
                fixed = FixedPointInterpreter.run(g, plan, in);
                bound = ErrorBound.propagate(g, plan, in);
            } catch (FixedPointException e) {
                refused.add(name + ": " + e.getMessage());
                continue;
            }
            ran++;
            Map<String, Tensor> want = FloatInterpreter.run(g, in);
            for (Output o : g.outputs()) {
                Tensor f = want.get(o.name());
                Tensor q = fixed.get(o.name()).dequantize();
                Tensor e = bound.get(o.name());
                for (int i = 0; i < f.size(); i++) {
                    double err = Math.abs(f.get(i) - q.get(i));
                    if (err > e.get(i) * (1 + 1e-9) + 1e-9 * (1 + Math.abs(f.get(i)))) {
                        violations.add(name + ": output " + o.name() + "[" + i + "] float " + f.get(i) + ", fixed "
                                + q.get(i) + ", bound " + e.get(i));
                        break;
                    }
                }
            }
        }
        System.out.println("fixed point: " + ran + " of " + floatMatches + " float-matching corpus models run;"
                + " refused: " + refused);
        assertTrue(violations.isEmpty(), "fixed-point outputs outside the stated bound:\n  "
                + String.join("\n  ", violations));
        assertTrue(ran >= floatMatches - 3, "only " + ran + " of " + floatMatches + " models run in fixed point: "
                + refused);
    }
}
