package dev.zkmlc.tests.corpus;

import dev.zkmlc.frontend.input.InputFormatException;
import dev.zkmlc.frontend.input.TensorJson;
import dev.zkmlc.frontend.onnx.OnnxImportException;
import dev.zkmlc.frontend.onnx.OnnxImporter;
import dev.zkmlc.frontend.onnx.proto.Onnx.ModelProto;
import dev.zkmlc.frontend.onnx.proto.Onnx.NodeProto;
import dev.zkmlc.ir.Graph;
import dev.zkmlc.ir.Output;
import dev.zkmlc.ir.Tensor;
import dev.zkmlc.ir.fixed.FixedPointInterpreter;
import dev.zkmlc.ir.fixed.FixedPointPlan;
import dev.zkmlc.ir.fixed.FixedTensor;
import dev.zkmlc.ir.interp.FloatInterpreter;
import dev.zkmlc.optimizer.pass.PassManager;
import dev.zkmlc.optimizer.quant.QuantizeOptions;
import dev.zkmlc.optimizer.quant.Quantizer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The shared corpus of real ONNX models ({@code ../shared/models/ezkl}): each model is imported,
 * run in the float interpreter on its {@code input.json}, and compared with ONNX Runtime's
 * outputs in {@code expected.json}.
 *
 * <p>A model matches when, for every output, each element is within {@link #RELATIVE_TOLERANCE}
 * times the largest magnitude in that expected output: a relative error measured against the
 * output's scale, so that values near zero after cancellation (which ONNX Runtime computes in
 * 32-bit floats) do not count as misses.
 */
final class Corpus {
    static final double RELATIVE_TOLERANCE = 1e-4;

    private Corpus() {}

    /**
     * The corpus folder: {@code -Dzkmlc.corpus=...}, else {@code ../shared/models/ezkl} beside the
     * project (or beside a folder above it, for checkouts nested in a work area).
     */
    static Path location() {
        String configured = System.getProperty("zkmlc.corpus");
        if (configured != null) {
            return Path.of(configured);
        }
        Path root = projectRoot();
        for (Path p = root.getParent(); p != null; p = p.getParent()) {
            Path candidate = p.resolve("shared").resolve("models").resolve("ezkl");
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        return root.resolveSibling("shared").resolve("models").resolve("ezkl");
    }

    /** The project's top folder (the reactor with a tests module), found upward from the working folder. */
    static Path projectRoot() {
        Path start = Path.of("").toAbsolutePath();
        for (Path p = start; p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("pom.xml")) && Files.isDirectory(p.resolve("tests"))) {
                return p;
            }
        }
        return start;
    }

    static List<Path> models(Path corpus) throws IOException {
        try (Stream<Path> s = Files.list(corpus)) {
            return s.filter(p -> Files.isRegularFile(p.resolve("network.onnx"))).sorted().toList();
        }
    }

    /** How far one model got. */
    enum Status {
        /** Imported, and the float outputs match ONNX Runtime's. */
        MATCH,
        /** Imported and run, but the float outputs differ from ONNX Runtime's. */
        MISMATCH,
        /** Refused by the importer (unsupported operators or attributes). */
        IMPORT_FAILED,
        /** Imported, but its input.json does not fit the model's inputs. */
        INPUT_UNUSABLE,
        /** Imported, but the float interpreter failed on it. */
        RUN_FAILED,
        /** Imported; there is no expected.json to compare with. */
        NO_EXPECTED
    }

    /** What happened to one model. The errors are NaN where the model was not run. */
    record Result(String name, String ops, boolean hasExpected, Status status, double floatError,
            double floatRelativeError, String reason, FixedPoint fixedPoint) {
        Result(String name, String ops, boolean hasExpected, Status status, double floatError,
                double floatRelativeError, String reason) {
            this(name, ops, hasExpected, status, floatError, floatRelativeError, reason, FixedPoint.NOT_RUN);
        }

        Result withFixedPoint(FixedPoint f) {
            return new Result(name, ops, hasExpected, status, floatError, floatRelativeError, reason, f);
        }
    }

    /**
     * The same model through the -O2 graph passes, the quantizer (accuracy target, calibrated on
     * the model's own input) and the exact fixed-point interpreter: the largest absolute difference
     * of the dequantized outputs from ONNX Runtime's, or why it could not be measured.
     */
    record FixedPoint(double maxAbsError, String problem) {
        static final FixedPoint NOT_RUN = new FixedPoint(Double.NaN, "");
    }

    static Result run(Path dir) {
        String name = dir.getFileName().toString();
        Path onnx = dir.resolve("network.onnx");
        boolean hasExpected = Files.isRegularFile(dir.resolve("expected.json"));
        String ops = operators(onnx);
        Graph graph;
        try {
            graph = new OnnxImporter().importFile(onnx);
        } catch (OnnxImportException e) {
            return new Result(name, ops, hasExpected, Status.IMPORT_FAILED, Double.NaN, Double.NaN, firstReasons(e));
        }
        if (!hasExpected) {
            return new Result(name, ops, false, Status.NO_EXPECTED, Double.NaN, Double.NaN, "no expected.json");
        }
        try {
            Map<String, Tensor> inputs = TensorJson.readInputs(dir.resolve("input.json"), graph);
            Map<String, Tensor> got = FloatInterpreter.run(graph, inputs);
            Map<String, Tensor> expected = TensorJson.readOutputs(dir.resolve("expected.json"));
            Result r = compare(name, ops, graph, got, expected);
            return r.status() == Status.MATCH ? r.withFixedPoint(fixedPoint(graph, inputs, expected)) : r;
        } catch (InputFormatException e) {
            String where = dir.getParent().toString() + java.io.File.separator;
            return new Result(name, ops, true, Status.INPUT_UNUSABLE, Double.NaN, Double.NaN,
                    e.getMessage().replace(where, ""));
        } catch (RuntimeException e) {
            return new Result(name, ops, true, Status.RUN_FAILED, Double.NaN, Double.NaN,
                    "float interpreter failed: " + e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    private static Result compare(String name, String ops, Graph graph, Map<String, Tensor> got,
            Map<String, Tensor> expected) {
        List<Output> outs = graph.outputs();
        List<String> expectedNames = new ArrayList<>(expected.keySet());
        if (outs.size() != expectedNames.size()) {
            return new Result(name, ops, true, Status.MISMATCH, Double.NaN, Double.NaN,
                    "the model has " + outs.size() + " outputs, ONNX Runtime gave " + expectedNames.size());
        }
        double maxAbs = 0;
        double maxRel = 0;
        String reason = "";
        for (int i = 0; i < outs.size(); i++) {
            String outName = outs.get(i).name();
            Tensor want = expected.containsKey(outName) ? expected.get(outName)
                    : outs.size() == 1 ? expected.get(expectedNames.get(0)) : null;
            if (want == null) {
                return new Result(name, ops, true, Status.MISMATCH, Double.NaN, Double.NaN,
                        "output '" + outName + "' is not among ONNX Runtime's outputs " + expectedNames);
            }
            Tensor have = got.get(outName);
            if (have.size() != want.size()) {
                return new Result(name, ops, true, Status.MISMATCH, Double.NaN, Double.NaN, "output '" + outName
                        + "' has shape " + have.shape() + ", ONNX Runtime gave " + want.shape());
            }
            double scale = 0;
            for (int k = 0; k < want.size(); k++) {
                scale = Math.max(scale, Math.abs(want.get(k)));
            }
            for (int k = 0; k < want.size(); k++) {
                double w = want.get(k);
                double h = have.get(k);
                double err = Double.isNaN(w) && Double.isNaN(h) ? 0 : Math.abs(w - h);
                if (Double.isNaN(err)) {
                    err = Double.POSITIVE_INFINITY;
                }
                double rel = err / Math.max(scale, 1e-6);
                if (rel > maxRel && rel > RELATIVE_TOLERANCE && reason.isEmpty()) {
                    reason = "output '" + outName + "'[" + k + "] is " + h + ", ONNX Runtime gave " + w;
                }
                maxAbs = Math.max(maxAbs, err);
                maxRel = Math.max(maxRel, rel);
            }
        }
        boolean matches = maxRel <= RELATIVE_TOLERANCE;
        return new Result(name, ops, true, matches ? Status.MATCH : Status.MISMATCH, maxAbs, maxRel, matches ? "" : reason);
    }

    static FixedPoint fixedPoint(Graph imported, Map<String, Tensor> inputs, Map<String, Tensor> expected) {
        try {
            Graph graph = PassManager.forLevel(2).run(imported).graph();
            FixedPointPlan plan = Quantizer.quantize(graph,
                    QuantizeOptions.defaults(QuantizeOptions.Target.ACCURACY).withCalibration(List.of(inputs)));
            Map<String, FixedTensor> out = FixedPointInterpreter.run(graph, plan, inputs);
            double max = 0;
            List<String> names = new ArrayList<>(expected.keySet());
            for (Output o : graph.outputs()) {
                Tensor want = expected.containsKey(o.name()) ? expected.get(o.name()) : expected.get(names.get(0));
                double[] got = out.get(o.name()).dequantize().toArray();
                for (int i = 0; i < got.length; i++) {
                    max = Math.max(max, Math.abs(got[i] - want.get(i)));
                }
            }
            return new FixedPoint(max, "");
        } catch (RuntimeException e) {
            String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            return new FixedPoint(Double.NaN, message.lines().findFirst().orElse(message));
        }
    }

    /** The distinct operator types of a model, for the report. */
    static String operators(Path onnx) {
        try {
            ModelProto m = ModelProto.parseFrom(Files.readAllBytes(onnx));
            TreeSet<String> ops = new TreeSet<>();
            for (NodeProto n : m.getGraph().getNodeList()) {
                ops.add(n.getOpType());
            }
            return String.join(", ", ops);
        } catch (IOException e) {
            return "(unreadable)";
        }
    }

    /** The distinct reasons of an import failure, without the file and node prefixes repeated. */
    private static String firstReasons(OnnxImportException e) {
        TreeSet<String> reasons = new TreeSet<>();
        for (String p : e.problems()) {
            int op = p.indexOf("(op ");
            int close = op < 0 ? -1 : p.indexOf("): ", op);
            if (close < 0) {
                reasons.add(p);
            } else {
                String[] opAndSet = p.substring(op + 4, close).split(", ");
                reasons.add(opAndSet[0] + " (" + String.join(", ", java.util.Arrays.asList(opAndSet).subList(1,
                        opAndSet.length)) + "): " + p.substring(close + 3));
            }
        }
        return String.join("; ", reasons);
    }
}
