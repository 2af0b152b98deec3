package dev.zkmlc.tests.corpus;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Writes the corpus conformance table, {@code docs/conformance.md}. Regenerate it with
 *
 * <pre>
 * mvn -q -pl tests -am test -Dtest=ConformanceReport -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dzkmlc.conformance=docs/conformance.md
 * </pre>
 *
 * (the path is taken from the project's top folder). Without the property the test does not run.
 */
class ConformanceReport {

    @Test
    @EnabledIfSystemProperty(named = "zkmlc.conformance", matches = ".+")
    void writeConformanceTable() throws IOException {
        Path corpus = Corpus.location();
        assumeTrue(Files.isDirectory(corpus), "corpus not found at " + corpus);
        List<Corpus.Result> results = new ArrayList<>();
        for (Path dir : Corpus.models(corpus)) {
            results.add(Corpus.run(dir));
        }
        Path out = Corpus.projectRoot().resolve(System.getProperty("zkmlc.conformance"));
        Files.createDirectories(out.getParent());
        Files.writeString(out, render(results));
        System.out.println("wrote " + out);
    }

    static String render(List<Corpus.Result> results) {
        long total = results.size();
        long withExpected = results.stream().filter(Corpus.Result::hasExpected).count();
        long imported = results.stream().filter(r -> r.status() != Corpus.Status.IMPORT_FAILED).count();
        long importedWithExpected = results.stream()
                .filter(r -> r.hasExpected() && r.status() != Corpus.Status.IMPORT_FAILED).count();
        long matched = results.stream().filter(r -> r.status() == Corpus.Status.MATCH).count();
        StringBuilder sb = new StringBuilder();
        sb.append("# ONNX corpus conformance\n\n");
        sb.append("Every model of `../shared/models/ezkl` imported by the ONNX frontend, run by the float interpreter\n")
                .append("on its `input.json`, and compared with ONNX Runtime's outputs (`expected.json`). A model matches\n")
                .append("when every output element is within ").append(Corpus.RELATIVE_TOLERANCE)
                .append(" of ONNX Runtime's value, relative to the largest\n")
                .append("magnitude in that output.\n\n");
        sb.append("Regenerate with `mvn -q -pl tests -am test -Dtest=ConformanceReport -Dsurefire.failIfNoSpecifiedTests=false")
                .append(" -Dzkmlc.conformance=docs/conformance.md`.\n\n");
        sb.append("- models: ").append(total).append(" (").append(withExpected).append(" with expected.json)\n");
        sb.append("- imported: ").append(imported).append(" (").append(importedWithExpected)
                .append(" of those with expected.json)\n");
        sb.append("- match ONNX Runtime in float: **").append(matched).append(" of ").append(withExpected).append("**\n");
        long fixedRun = results.stream().filter(r -> !Double.isNaN(r.fixedPoint().maxAbsError())).count();
        sb.append("- fixed-point: measured on ").append(fixedRun).append(" of the ").append(matched)
                .append(" matching models: the graph after the -O2 passes, quantized for accuracy (scale 2^-10)\n")
                .append("  and calibrated on the model's own input, run by the exact fixed-point interpreter; the error\n")
                .append("  is the largest absolute difference of its dequantized outputs from ONNX Runtime's.\n\n");
        sb.append("| model | operators | imported | float max abs error | fixed-point max abs error | result |\n");
        sb.append("|---|---|---|---|---|---|\n");
        for (Corpus.Result r : results) {
            sb.append("| ").append(r.name())
                    .append(" | ").append(r.ops())
                    .append(" | ").append(r.status() == Corpus.Status.IMPORT_FAILED ? "no" : "yes")
                    .append(" | ").append(Double.isNaN(r.floatError()) ? "—" : String.format(Locale.ROOT, "%.3g", r.floatError()))
                    .append(" | ").append(fixed(r.fixedPoint()))
                    .append(" | ").append(describe(r)).append(" |\n");
        }
        return sb.toString();
    }

    private static String fixed(Corpus.FixedPoint f) {
        if (!Double.isNaN(f.maxAbsError())) {
            return String.format(Locale.ROOT, "%.3g", f.maxAbsError());
        }
        return f.problem().isEmpty() ? "—" : "not run: " + escape(f.problem());
    }

    private static String describe(Corpus.Result r) {
        switch (r.status()) {
            case MATCH:
                return "match";
            case NO_EXPECTED:
                return "imported; no expected.json";
            case IMPORT_FAILED:
                return "refused: " + escape(r.reason());
            case INPUT_UNUSABLE:
                return "input.json unusable: " + escape(r.reason());
            case RUN_FAILED:
                return "run failed: " + escape(r.reason());
            default:
                return "mismatch: " + escape(r.reason());
        }
    }

    private static String escape(String s) {
        return s.replace("|", "\\\\|").replace("\n", " ");
    }
}
