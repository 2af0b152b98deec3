package dev.zkmlc.cli;

import static dev.zkmlc.cli.ZkmlcTest.EXAMPLES;
import static dev.zkmlc.cli.ZkmlcTest.zkmlc;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LayoutCommandTest {
    /** The shared corpus: shared/models/ezkl in the first folder above this module that has one. */
    static final Path CORPUS = corpus();

    private static Path corpus() {
        for (Path p = Path.of("").toAbsolutePath().getParent(); p != null; p = p.getParent()) {
            Path c = p.resolve("shared").resolve("models").resolve("ezkl");
            if (Files.isDirectory(c)) {
                return c;
            }
        }
        return Path.of("..", "shared", "models", "ezkl");
    }

    @Test
    void everyStrategyWritesCsvRowsAndAPlot(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("mlp.csv");
        Path svg = dir.resolve("mlp.svg");
        ZkmlcTest.Run r = zkmlc("layout", EXAMPLES.resolve("mlp.zk").toString(), "--strategy", "all", "--csv", csv.toString(),
                "--plot", svg.toString());
        assertEquals(0, r.code(), r.err());
        for (String s : List.of("fixed", "min-rows", "min-cost", "zkml", "plan")) {
            assertTrue(r.out().contains(s + " "), r.out());
        }
        checkCsvAndSvg(csv, svg);
    }

    @Test
    void thePlanStrategyListsEveryPlanTheCompileSearchWeighedWithItsPerLayerChoices(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("plan.csv");
        ZkmlcTest.Run r = zkmlc("layout", EXAMPLES.resolve("mlp.zk").toString(), "--strategy", "plan", "--csv", csv.toString());
        assertEquals(0, r.code(), r.err());
        List<String> lines = Files.readAllLines(csv);
        List<String> header = List.of(lines.get(0).split(","));
        int plan = header.indexOf("plan");
        int backend = header.indexOf("backend");
        java.util.Set<String> plans = new java.util.HashSet<>();
        java.util.Set<String> backends = new java.util.HashSet<>();
        int chosen = 0;
        for (String l : lines.subList(1, lines.size())) {
            assertTrue(l.startsWith("plan,"), l);
            chosen += l.startsWith("plan,true,") ? 1 : 0;
            // The plan text is quoted and may hold commas: read it between the first pair of quotes.
            plans.add(l.substring(l.indexOf('"') + 1, l.indexOf('"', l.indexOf('"') + 1)));
            if (!l.endsWith(",")) {
                continue;
            }
            backends.add(l.split(",", -1)[backend]);
        }
        assertEquals(1, chosen, "exactly one plan is chosen");
        // Per-layer alternatives and the three backends of --backend auto at -O2 were all simulated.
        assertTrue(plans.size() > 3, plans.toString());
        assertTrue(plans.stream().anyMatch(p -> p.contains("every layer's alternative")), plans.toString());
        assertTrue(backends.size() > 1, backends.toString());
        assertTrue(plan > backend, header.toString());
        // The compile chooses the same plan: its report names the same backend and estimate.
        String chosenLine = lines.stream().filter(l -> l.startsWith("plan,true,")).findFirst().orElseThrow();
        ZkmlcTest.Run compile = zkmlc("compile", EXAMPLES.resolve("mlp.zk").toString(), "-o", dir.resolve("c").toString());
        assertEquals(0, compile.code(), compile.err());
        assertTrue(compile.out().contains(chosenLine.split(",", -1)[backend]), compile.out());
    }

    @Test
    void corpusModelsGetACsvAndAPlot(@TempDir Path dir) throws Exception {
        for (String m : List.of("2l_relu_fc")) {
            Path model = CORPUS.resolve(m).resolve("network.onnx");
            Assumptions.assumeTrue(Files.exists(model), "corpus not present at " + CORPUS);
            Path csv = dir.resolve(m + ".csv");
            Path svg = dir.resolve(m + ".svg");
            ZkmlcTest.Run r = zkmlc("layout", model.toString(), "--strategy", "min-cost", "--csv", csv.toString(),
                    "--plot", svg.toString());
            assertEquals(0, r.code(), r.err());
            checkCsvAndSvg(csv, svg);
        }
    }

    private static void checkCsvAndSvg(Path csv, Path svg) throws Exception {
        List<String> lines = Files.readAllLines(csv);
        assertTrue(lines.get(0).startsWith("strategy,chosen,width,table_bits,table_segments,k,rows"), lines.get(0));
        assertTrue(lines.size() > 2, "at least two candidates");
        int columns = lines.get(0).split(",").length;
        for (String l : lines.subList(1, lines.size())) {
            if (!l.contains("\"")) {
                assertEquals(columns, l.split(",", -1).length, l);
            }
        }
        var doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(svg.toFile());
        assertEquals("svg", doc.getDocumentElement().getNodeName());
        assertTrue(doc.getElementsByTagName("circle").getLength() > 2);
    }

    @Test
    void unknownStrategyIsOneLine() throws IOException {
        ZkmlcTest.Run r = zkmlc("layout", EXAMPLES.resolve("mlp.zk").toString(), "--strategy", "fastest");
        assertEquals(ExitCodes.USAGE, r.code());
        assertTrue(r.err().strip().startsWith("zkmlc: --strategy: unknown layout strategy 'fastest'"), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
    }

    @Test
    void compileSavesThePlanBesideTheCircuit(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("out");
        ZkmlcTest.Run r = zkmlc("compile", EXAMPLES.resolve("mlp.zk").toString(), "-O2", "-o", out.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("plan                   min-cost: W="), r.out());
        String plan = Files.readString(out.resolve("plan.json"));
        assertTrue(plan.contains("\"format\" : \"zkmlc-layout-plan\""), plan);
        assertTrue(plan.contains("\"considered\""), plan);
    }
}
