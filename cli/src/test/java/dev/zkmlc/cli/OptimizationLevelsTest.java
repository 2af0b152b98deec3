package dev.zkmlc.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * -O2's layout search against -O0's fixed default layout, by the default cost model's estimate, on the example
 * models and corpus models (skipped if the corpus is absent). Prints the table of ratios.
 */
class OptimizationLevelsTest {
    /** A model, and whether it has at least three layers and must gain 1.5x. */
    record Case(Path model, boolean deep) {}

    static double estimate(Path model, int level) {
        CompileCommand cmd = new CompileCommand();
        new CommandLine(cmd).parseArgs(model.toString(), "-O" + level);
        return Pipeline.compile(cmd.model, cmd.quant, cmd.circuit, (p, g) -> { }).layoutSearch().chosen().seconds();
    }

    @Test
    void levelTwoIsNoWorseThanLevelZeroAndFarBetterOnDeepModels() {
        Path corpus = LayoutCommandTest.CORPUS;
        List<Case> cases = new ArrayList<>(List.of(new Case(ZkmlcTest.EXAMPLES.resolve("mlp.zk"), true),
                new Case(ZkmlcTest.EXAMPLES.resolve("cnn.zk"), true)));
        for (String m : List.of("1l_relu", "2l_relu_fc", "4l_relu_conv_fc")) {
            Path p = corpus.resolve(m).resolve("network.onnx");
            if (Files.exists(p)) {
                cases.add(new Case(p, m.startsWith("4l")));
            }
        }
        StringBuilder table = new StringBuilder("model, O0 s, O2 s, O0/O2\n");
        List<String> failures = new ArrayList<>();
        for (Case c : cases) {
            double o0 = estimate(c.model(), 0);
            double o2 = estimate(c.model(), 2);
            table.append(String.format(Locale.ROOT, "%s, %.3f, %.3f, %.2f%n", c.model(), o0, o2, o0 / o2));
            if (o2 > o0 || (c.deep() && o0 / o2 < 1.5)) {
                failures.add(c.model() + ": O0 " + o0 + " s, O2 " + o2 + " s");
            }
        }
        System.out.print(table);
        assertTrue(failures.isEmpty(), failures + "\n" + table);
    }
}
