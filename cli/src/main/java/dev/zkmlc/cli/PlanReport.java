package dev.zkmlc.cli;

import dev.zkmlc.circuit.backend.LayoutStats;
import dev.zkmlc.optimizer.search.Evaluation;
import dev.zkmlc.optimizer.search.SearchResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The layout plan in reports: the short form in the compile report's circuit section, and the full form
 * (every candidate the search simulated) in plan.json beside the circuit.
 */
final class PlanReport {
    private PlanReport() {}

    /** One line: strategy, knobs, estimate. */
    static String summary(SearchResult r) {
        Evaluation e = r.chosen();
        return r.strategy() + ": W=" + e.options().width() + ", table bits " + e.options().tableBits() + "; "
                + estimate(e) + " (" + r.considered().size() + " candidates; plan.json lists them)";
    }

    static Map<String, Object> full(SearchResult r) {
        Map<String, Object> m = CompileReport.section();
        Evaluation e = r.chosen();
        m.put("format", "zkmlc-layout-plan");
        m.put("version", 1);
        m.put("strategy", r.strategy());
        m.put("width", e.options().width());
        m.put("tableBits", e.options().tableBits());
        m.put("candidates", r.considered().size());
        m.put("estimate", estimate(e));
        m.put("why", r.reason());
        m.put("costPhasesSeconds", r.chosen().cost().secondsByPhase());
        List<Map<String, Object>> cs = new ArrayList<>();
        for (Evaluation x : r.considered()) {
            Map<String, Object> c = CompileReport.section();
            c.put("width", x.options().width());
            c.put("tableBits", x.options().tableBits());
            if (x.isFeasible()) {
                LayoutStats s = x.stats();
                c.put("k", s.k());
                c.put("usedRows", s.usedRows());
                c.put("lookups", s.lookups());
                c.put("estSeconds", x.cost().provingSeconds());
                c.put("estMemoryBytes", x.cost().peakMemoryBytes());
                c.put("estProofBytes", x.cost().proofBytes());
            } else {
                c.put("rejected", x.rejection());
            }
            cs.add(c);
        }
        m.put("considered", cs);
        return m;
    }

    private static String estimate(Evaluation e) {
        return String.format(Locale.ROOT, "%.3f s proving, %d MiB peak, %d B proof", e.cost().provingSeconds(),
                e.cost().peakMemoryBytes() >> 20, e.cost().proofBytes());
    }
}
