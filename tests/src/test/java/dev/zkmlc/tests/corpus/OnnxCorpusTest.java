package dev.zkmlc.tests.corpus;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Imports every model of the shared corpus and checks the float interpreter against ONNX Runtime.
 * Skipped, with a message, where the corpus is not beside the project.
 */
class OnnxCorpusTest {

    @Test
    void atLeastEightyModelsImportAndMatchOnnxRuntimeInFloat() throws IOException {
        // 107 of the 109 models with expected.json matched when this was written; the floor keeps them.
        Path corpus = Corpus.location();
        assumeTrue(Files.isDirectory(corpus), "corpus not found at " + corpus + " (set -Dzkmlc.corpus=...)");
        List<String> mismatches = new ArrayList<>();
        int withExpected = 0;
        int matched = 0;
        for (Path dir : Corpus.models(corpus)) {
            Corpus.Result r = Corpus.run(dir);
            if (!r.hasExpected()) {
                continue;
            }
            withExpected++;
            if (r.status() == Corpus.Status.MATCH) {
                matched++;
            } else if (r.status() == Corpus.Status.MISMATCH || r.status() == Corpus.Status.RUN_FAILED) {
                mismatches.add(r.name() + ": " + r.reason());
            }
        }
        System.out.println("corpus: " + matched + " of " + withExpected + " models with expected.json match ONNX Runtime");
        assertTrue(mismatches.isEmpty(), "imported models whose float outputs differ from ONNX Runtime:\n  "
                + String.join("\n  ", mismatches));
        assertTrue(matched >= 107, "only " + matched + " of " + withExpected + " models match ONNX Runtime");
    }

    @Test
    void theMnistBenchmarkModelsMatchOnnxRuntime() throws IOException {
        Path bench = Corpus.location().resolveSibling("mnist-bench");
        assumeTrue(Files.isDirectory(bench), "benchmark models not found at " + bench);
        for (Path dir : Corpus.models(bench)) {
            Corpus.Result r = Corpus.run(dir);
            assertTrue(r.status() == Corpus.Status.MATCH, r.name() + ": " + r.status() + " " + r.reason());
        }
    }
}
