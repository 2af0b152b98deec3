package dev.zkmlc.cli;

import dev.zkmlc.circuit.backend.LayoutStats;
import dev.zkmlc.optimizer.lower.GadgetChoice;
import dev.zkmlc.optimizer.search.Evaluation;
import dev.zkmlc.optimizer.search.PlanSearch;
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
        return r.strategy() + ": W=" + e.options().width() + ", table bits " + e.options().tableBits()
                + (e.options().tableSegments() > 1 ? ", table in " + e.options().tableSegments() + " segments" : "") + "; "
                + estimate(e) + " (" + r.considered().size() + " candidates; plan.json lists them)";
    }

    /**
     * Each table choice and each layer whose range-check layout or base left the default: node, what was chosen, and the
     * estimate each option reached (plan.json lists every choice point).
     */
    static List<String> layers(PlanSearch.Plan p) {
        List<String> r = new ArrayList<>();
        for (PlanSearch.LayerDecision d : p.layers()) {
            if (d.point().kind() != GadgetChoice.Kind.TABLE && d.isDefault()) {
                continue;
            }
            StringBuilder sb = new StringBuilder(d.point().node()).append(" (").append(d.point().what()).append("): ")
                    .append(d.chosen().description());
            for (GadgetChoice o : d.point().options()) {
                Double sec = d.secondsByOption().get(o);
                if (sec != null) {
                    sb.append(String.format(Locale.ROOT, "; %s %s", o.description(), seconds(sec)));
                }
            }
            r.add(sb.toString());
        }
        return r;
    }

    private static String seconds(double s) {
        return Double.isInfinite(s) ? "no layout fits" : String.format(Locale.ROOT, "%.3f s", s);
    }

    /**
     * plan.json: the backend, the layout knobs and every candidate of the winning layout search, each layer's
     * gadget choice, and every plan (backend, per-layer choices) the search simulated.
     */
    static Map<String, Object> full(PlanSearch.Plan p) {
        Map<String, Object> m = CompileReport.section();
        SearchResult r = p.layout();
        Evaluation e = r.chosen();
        m.put("format", "zkmlc-layout-plan");
        m.put("version", 2);
        m.put("backend", p.backend().name());
        m.put("strategy", r.strategy());
        m.put("width", e.options().width());
        m.put("tableBits", e.options().tableBits());
        m.put("tableSegments", e.options().tableSegments());
        m.put("candidates", r.considered().size());
        m.put("estimate", estimate(e));
        m.put("why", r.reason());
        m.put("costPhasesSeconds", r.chosen().cost().secondsByPhase());
        List<Map<String, Object>> cs = new ArrayList<>();
        for (Evaluation x : r.considered()) {
            Map<String, Object> c = CompileReport.section();
            c.put("width", x.options().width());
            c.put("tableBits", x.options().tableBits());
            c.put("tableSegments", x.options().tableSegments());
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
        List<Map<String, Object>> ls = new ArrayList<>();
        for (PlanSearch.LayerDecision d : p.layers()) {
            Map<String, Object> l = CompileReport.section();
            l.put("node", d.point().node());
            l.put("kind", d.point().kind().name().toLowerCase(Locale.ROOT));
            l.put("origin", d.point().origin());
            l.put("choice", d.point().what());
            l.put("chosen", d.chosen().name().toLowerCase(Locale.ROOT));
            Map<String, Object> opts = CompileReport.section();
            for (GadgetChoice o : d.point().options()) {
                Double sec = d.secondsByOption().get(o);
                if (sec != null) {
                    opts.put(o.name().toLowerCase(Locale.ROOT), Double.isInfinite(sec) ? "no layout fits" : sec);
                }
            }
            l.put("estSecondsByOption", opts);
            ls.add(l);
        }
        m.put("layers", ls);
        List<Map<String, Object>> ts = new ArrayList<>();
        for (PlanSearch.Trial t : p.trials()) {
            Map<String, Object> x = CompileReport.section();
            x.put("backend", t.backend());
            x.put("change", t.change());
            if (t.result() != null) {
                Evaluation c = t.result().chosen();
                x.put("width", c.options().width());
                x.put("tableBits", c.options().tableBits());
                x.put("tableSegments", c.options().tableSegments());
                x.put("k", c.stats().k());
                x.put("estSeconds", c.seconds());
            } else {
                x.put("rejected", t.rejection());
            }
            ts.add(x);
        }
        m.put("plans", ts);
        return m;
    }

    private static String estimate(Evaluation e) {
        return String.format(Locale.ROOT, "%.3f s proving, %d MiB peak, %d B proof", e.cost().provingSeconds(),
                e.cost().peakMemoryBytes() >> 20, e.cost().proofBytes());
    }
}
