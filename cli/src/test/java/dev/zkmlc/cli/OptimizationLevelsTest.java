package dev.zkmlc.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zkmlc.ir.Graph;
import dev.zkmlc.ir.Node;
import dev.zkmlc.ir.op.Conv;
import dev.zkmlc.ir.op.ConvTranspose;
import dev.zkmlc.ir.op.Gemm;
import dev.zkmlc.ir.op.MatMul;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * -O2's plan search against -O0's fixed default plan, by the default cost model's estimate (dry runs only, no
 * layout), on the example models and every corpus model that compiles within the default suite's limits (at
 * most {@value #MAX_PARAMETERS} weights and k <= {@value #MAX_K} at -O0, as CircuitCorpusTest;
 * {@code -Dcorpus.full=true} takes every model). -O2 must never be estimated slower, and on models with at
 * least three layers (matmul, gemm or conv nodes) at least 1.5x faster. Prints the table of ratios.
 */
class OptimizationLevelsTest {
    static final long MAX_PARAMETERS = 20_000;
    static final int MAX_K = 18;

    record Estimate(double seconds, int k, String backend, int layers, long parameters) {}

    static Estimate estimate(Path model, int level) {
        CompileCommand cmd = new CompileCommand();
        new CommandLine(cmd).parseArgs(model.toString(), "-O" + level);
        Pipeline.Planned p = Pipeline.plan(cmd.model, cmd.quant, cmd.circuit, (x, g) -> { });
        var chosen = p.circuitPlan().layout().chosen();
        return new Estimate(chosen.seconds(), chosen.stats().k(), chosen.stats().backend(), layers(p.graph()),
                p.graph().parameterCount());
    }

    /** Layers: the nodes that carry a weight matrix or kernel. */
    static int layers(Graph g) {
        int n = 0;
        for (Node node : g.nodes()) {
            if (node.op() instanceof MatMul || node.op() instanceof Gemm || node.op() instanceof Conv
                    || node.op() instanceof ConvTranspose) {
                n++;
            }
        }
        return n;
    }

    static List<Path> models() throws IOException {
        List<Path> r = new ArrayList<>(List.of(ZkmlcTest.EXAMPLES.resolve("mlp.zk"), ZkmlcTest.EXAMPLES.resolve("cnn.zk")));
        Path corpus = LayoutCommandTest.CORPUS;
        if (Files.isDirectory(corpus)) {
            try (Stream<Path> s = Files.list(corpus)) {
                s.map(d -> d.resolve("network.onnx")).filter(Files::exists).sorted().forEach(r::add);
            }
        }
        return r;
    }

    @Test
    void levelTwoIsNoWorseThanLevelZeroAndFarBetterOnModelsOfThreeLayersOrMore() throws IOException {
        boolean full = Boolean.getBoolean("corpus.full");
        StringBuilder table = new StringBuilder("| model | layers | -O0 k | -O0 est. s | -O2 backend | -O2 k | -O2 est. s | -O0/-O2 |\n"
                + "|---|---|---|---|---|---|---|---|\n");
        List<String> failures = new ArrayList<>();
        int compared = 0;
        for (Path model : models()) {
            String name = model.getFileName().toString().equals("network.onnx") ? model.getParent().getFileName().toString()
                    : model.getFileName().toString();
            Estimate o0;
            try {
                o0 = estimate(model, 0);
            } catch (RuntimeException e) {
                continue; // does not compile (unsupported op, no feasible layout): CircuitCorpusTest reports why
            }
            if (!full && (o0.parameters() > MAX_PARAMETERS || o0.k() > MAX_K)) {
                continue;
            }
            Estimate o2 = estimate(model, 2);
            compared++;
            double ratio = o0.seconds() / o2.seconds();
            table.append(String.format(Locale.ROOT, "| %s | %d | %d | %.3f | %s | %d | %.3f | %.2f |%n", name, o2.layers(),
                    o0.k(), o0.seconds(), o2.backend(), o2.k(), o2.seconds(), ratio));
            if (o2.seconds() > o0.seconds() || (o2.layers() >= 3 && ratio < 1.5)) {
                failures.add(String.format(Locale.ROOT, "%s (%d layers): -O0 %.3f s, -O2 %.3f s (%.2fx)", name, o2.layers(),
                        o0.seconds(), o2.seconds(), ratio));
            }
        }
        System.out.print(table);
        assertTrue(compared >= 2, "nothing compared");
        assertTrue(failures.isEmpty(), String.join("\n", failures) + "\n" + table);
    }
}
