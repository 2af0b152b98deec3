package dev.zkmlc.tests.soundness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.zkmlc.backend.halo2.Halo2StyleBackend;
import dev.zkmlc.backend.plonk.PlonkBackend;
import dev.zkmlc.circuit.audit.Auditor;
import dev.zkmlc.circuit.audit.Finding;
import dev.zkmlc.circuit.backend.Backend;
import dev.zkmlc.circuit.backend.CompiledCircuit;
import dev.zkmlc.circuit.backend.LayoutOptions;
import dev.zkmlc.circuit.cs.Gate;
import dev.zkmlc.circuit.gadget.GadgetProgram;
import dev.zkmlc.circuit.mock.MockProver;
import dev.zkmlc.cli.Zkmlc;
import dev.zkmlc.optimizer.lower.ChoicePoint;
import dev.zkmlc.optimizer.lower.GadgetChoice;
import dev.zkmlc.optimizer.lower.Lowered;
import dev.zkmlc.optimizer.lower.Lowering;
import dev.zkmlc.optimizer.lower.LoweringChoices;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The under-constraint search ({@link Auditor}, {@code zkmlc audit}): it reports nothing on the real
 * gadgets of either backend, and it finds the gap when one constraint is deliberately removed.
 */
class AuditTest {
    private static final Auditor.Options SMALL = new Auditor.Options(30, 30, 30, 7);
    private static final Path EXAMPLES = Path.of("..", "examples");

    /** input [1,5]; gemm 5->3 (rescaled); relu; sigmoid table; gemm 3->2. */
    private static final List<Integer> MLP = List.of(65, 5 + 10 * 2, 0, 3, 5 + 10 * 1);

    private static CompiledCircuit compile(Backend backend, RandomModel m, LayoutOptions options) {
        return backend.layout(Lowering.lower(m.graph(), m.plan()), options);
    }

    @Test
    void realGadgetsHaveNoSecondWitness() {
        for (Backend backend : List.of(new Halo2StyleBackend(), PlonkBackend.vanilla(), PlonkBackend.withLookupTable())) {
            qt().withFixedSeed(11).withExamples(RandomModelPropertiesTest.LONG ? 60 : 3)
                    .forAll(RandomModelPropertiesTest.genomes(), longs().between(0, 1L << 40))
                    .checkAssert((genome, seed) -> {
                        RandomModel m = RandomModel.of(genome, seed);
                        Random r = new Random(seed);
                        CompiledCircuit cc = compile(backend, m, new LayoutOptions(5 + r.nextInt(8), 4 + r.nextInt(7), 0));
                        Auditor.Report report = Auditor.audit(cc, m.inputs(), SMALL);
                        assertTrue(report.clean(), () -> backend.name() + ": " + report.findings() + "\n" + m);
                        assertTrue(report.witnessesTried() > 0);
                    });
        }
    }

    @Test
    void removingTheLookupsIsFoundWithTheGadgetAndItsSource() {
        RandomModel m = RandomModel.of(MLP, 3);
        CompiledCircuit real = compile(new Halo2StyleBackend(), m, new LayoutOptions(8, 6, 0));
        Auditor.Report before = Auditor.audit(real, m.inputs(), SMALL);
        assertTrue(before.clean(), before.findings().toString());
        CompiledCircuit weak = Weakened.without(real, g -> false, l -> true);
        // The honest witness still passes: removing a constraint never breaks completeness.
        var failures = MockProver.check(weak.constraintSystem(), weak.witness(m.inputs()).witness());
        assertTrue(failures.isEmpty(), failures.toString());
        Auditor.Report report = Auditor.audit(weak, m.inputs(), SMALL);
        assertFalse(report.clean(), "the audit missed the removed range checks and tables");
        Finding f = report.findings().get(0);
        assertTrue(f.origin() != null && f.origin().startsWith("gen.zk:"), f.toString());
        assertTrue(f.gadget() != null, f.toString());
        assertTrue(report.findings().stream().anyMatch(Finding::changesOutput), report.findings().toString());
    }

    @Test
    void removingAnySingleGateIsFound() {
        RandomModel m = RandomModel.of(MLP, 5);
        List<String> missed = new ArrayList<>();
        for (Backend backend : List.of(new Halo2StyleBackend(), PlonkBackend.vanilla(), PlonkBackend.withLookupTable())) {
            missed.addAll(gatesNotNoticed(backend.name(), compile(backend, m, new LayoutOptions(6, 5, 0)), m));
        }
        CompiledCircuit packed = new Halo2StyleBackend().layout(packedRangeChecks(m), new LayoutOptions(12, 5, 0));
        assertTrue(packed.constraintSystem().gates().stream().anyMatch(g -> g.name().startsWith("decompose_packed")));
        missed.addAll(gatesNotNoticed("halo2-style packed", packed, m));
        assertEquals(List.of(), missed, "removed gates the audit did not notice");
    }

    private static List<String> gatesNotNoticed(String name, CompiledCircuit real, RandomModel m) {
        List<String> missed = new ArrayList<>();
        for (Gate gate : real.constraintSystem().gates()) {
            CompiledCircuit weak = Weakened.without(real, g -> g.equals(gate), l -> false);
            if (Auditor.audit(weak, m.inputs(), SMALL).clean()) {
                missed.add(name + ":" + gate.name());
            }
        }
        return missed;
    }

    /** The model lowered with every layer's wide range checks packed side by side (the decompose_packed gate). */
    private static GadgetProgram packedRangeChecks(RandomModel m) {
        Lowered lowered = Lowering.lowerWith(m.graph(), m.plan(), LoweringChoices.defaults());
        LoweringChoices packed = lowered.choices();
        for (ChoicePoint p : lowered.choicePoints()) {
            if (p.kind() == GadgetChoice.Kind.RANGE) {
                packed = packed.with(p, GadgetChoice.PACKED_LIMBS);
            }
        }
        return Lowering.lowerWith(m.graph(), m.plan(), packed).program();
    }

    /**
     * Without the halo2-style 'div_round' gate a prover can move a rescaled value (and claim another
     * output) while the remainder keeps its honest value in its range-check rows: the audit builds
     * that witness by moving the quotient, re-running the model downstream and putting the
     * remainder back where its range check breaks.
     */
    @Test
    void removingTheDivisionGateLetsTheQuotientMoveWithAnHonestRemainder() {
        RandomModel m = RandomModel.of(MLP, 5);
        CompiledCircuit real = compile(new Halo2StyleBackend(), m, new LayoutOptions(6, 5, 0));
        CompiledCircuit weak = Weakened.without(real, g -> g.name().equals("div_round"), l -> false);
        Auditor.Report report = Auditor.audit(weak, m.inputs(), SMALL);
        assertTrue(report.findings().stream().anyMatch(f -> "div_round".equals(f.gadget()) && f.changesOutput()
                && f.mutation().contains("re-solved")), report.findings().toString());
    }

    @Test
    void auditCommandReportsNothingOnTheExamples() {
        for (String example : new String[] {"mlp", "cnn"}) {
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            int code = Zkmlc.execute(new String[] {"audit", EXAMPLES.resolve(example + ".zk").toString(), "--input",
                    EXAMPLES.resolve(example).resolve("input.json").toString(), "--wires", "60", "--cells", "60",
                    "--pairs", "60"}, new PrintWriter(out), new PrintWriter(err));
            assertEquals(0, code, out + "\n" + err);
            assertTrue(out.toString().contains("no second witness found"), out.toString());
        }
    }
}
