package dev.zkmlc.cli;

import dev.zkmlc.circuit.backend.LayoutStats;
import dev.zkmlc.circuit.gadget.GadgetProgram;
import dev.zkmlc.ir.Graph;
import dev.zkmlc.optimizer.lower.Lowering;
import dev.zkmlc.optimizer.pass.PassManager;
import dev.zkmlc.optimizer.search.CandidateCsv;
import dev.zkmlc.optimizer.search.CandidateRow;
import dev.zkmlc.optimizer.search.Evaluation;
import dev.zkmlc.optimizer.search.LayoutEvaluator;
import dev.zkmlc.optimizer.search.NoFeasibleLayoutException;
import dev.zkmlc.optimizer.search.PlanSearch;
import dev.zkmlc.optimizer.search.SearchResult;
import dev.zkmlc.optimizer.search.SearchSpace;
import dev.zkmlc.optimizer.search.TradeOffPlot;
import dev.zkmlc.optimizer.strategy.LayoutStrategy;
import dev.zkmlc.optimizer.strategy.Strategies;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code zkmlc layout}: runs layout strategies on a model's gadget program, each candidate simulated by the
 * backend's dry run and scored by the cost model, and prints (and optionally writes as CSV and SVG) what
 * each strategy considered and chose. The layout strategies search W and the table bits on the program with
 * every layer's default gadgets; the {@code plan} strategy is the compile's own plan search, which also weighs
 * each layer's gadget choices and, under {@code --backend auto}, the backends.
 */
@Command(name = "layout", mixinStandardHelpOptions = true,
        description = "Compare layout strategies on a model: candidates (W, table bits, k, rows, columns, lookups, "
                + "estimated time, memory, proof size) as a table, CSV and SVG plot.",
        footer = ExitCodes.HELP_TEXT)
final class LayoutCommand implements Callable<Integer> {
    private static final String PLAN = "plan";

    @Spec
    CommandSpec spec;

    @Mixin
    ModelOptions model;

    @Mixin
    QuantOptions quant;

    @Mixin
    CircuitOptions circuit;

    @Option(names = "--strategy", paramLabel = "NAME", defaultValue = "all",
            description = "fixed, min-rows, min-cost, zkml (W and table bits on the default gadgets), plan (the -O2/-O3 "
                    + "plan search: per-layer gadget choices and backends too), or all (default: ${DEFAULT-VALUE}).")
    String strategy;

    @Option(names = "--space", paramLabel = "SPACE", defaultValue = "standard",
            description = "Search space: standard (-O2's) or wide (-O3's) (default: ${DEFAULT-VALUE}).")
    String space;

    @Option(names = "--csv", paramLabel = "FILE", description = "Write one row per candidate per strategy.")
    Path csv;

    @Option(names = "--plot", paramLabel = "FILE", description = "Write an SVG of used rows against width, coloured by estimated time.")
    Path plot;

    @Option(names = "--force", description = "Overwrite the --csv and --plot files if they exist.")
    boolean force;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        if (csv != null) {
            FileArgs.writable(csv, force);
        }
        if (plot != null) {
            FileArgs.writable(plot, force);
        }
        boolean planSearch = strategy.equals("all") || strategy.equals(PLAN);
        List<LayoutStrategy> strategies = strategy.equals(PLAN) ? List.of() : strategies();
        Graph loaded = ModelLoader.load(model.model, model.batch);
        Graph graph = PassManager.forLevel(model.optLevel).run(loaded, (p, g) -> { }).graph();
        GadgetProgram program = Lowering.lower(graph, quant.plan(graph));
        LayoutEvaluator evaluator = new LayoutEvaluator(program, circuit.backend(), circuit.costModel(),
                LayoutEvaluator.Limits.defaults());
        List<CandidateRow> rows = new ArrayList<>();
        for (LayoutStrategy s : strategies) {
            SearchResult r;
            try {
                r = s.search(evaluator);
            } catch (NoFeasibleLayoutException e) {
                out.println(s.name() + ": " + e.getMessage());
                continue;
            }
            for (Evaluation e : r.considered()) {
                rows.add(new CandidateRow(s.name(), e == r.chosen(), e));
            }
            LayoutStats st = r.chosen().stats();
            out.printf(Locale.ROOT, "%-9s W=%-3d b=%-2d S=%-2d k=%-2d rows=%-8d est %.3f s, %d MiB, proof %d B  (%s)%n",
                    s.name(), st.width(), r.chosen().options().tableBits(), st.tableSegments(), st.k(), st.usedRows(),
                    r.chosen().seconds(),
                    r.chosen().cost().peakMemoryBytes() >> 20, r.chosen().cost().proofBytes(), r.reason());
        }
        if (planSearch) {
            addPlanSearch(rows, out);
        }
        if (csv != null) {
            Files.writeString(csv, CandidateCsv.write(rows));
            out.println("wrote " + csv + " (" + rows.size() + " rows)");
        }
        if (plot != null) {
            String title = model.model.getFileName() + ": layout candidates (" + circuit.costModel().name() + " cost model)";
            Files.writeString(plot, TradeOffPlot.write(title, rows));
            out.println("wrote " + plot);
        }
        return ExitCodes.OK;
    }

    /** Every plan the compile's search simulated: each trial's layout candidates, under its backend and per-layer plan. */
    private void addPlanSearch(List<CandidateRow> rows, PrintWriter out) {
        PlanSearch.Plan plan = Pipeline.plan(model, quant, circuit, (p, g) -> { }).circuitPlan();
        for (PlanSearch.Trial t : plan.trials()) {
            if (t.result() == null) {
                continue;
            }
            boolean winner = t.result() == plan.layout();
            for (Evaluation e : t.result().considered()) {
                rows.add(new CandidateRow(PLAN, winner && e == t.result().chosen(), e, t.backend() + ": " + t.change()));
            }
        }
        Evaluation chosen = plan.layout().chosen();
        LayoutStats st = chosen.stats();
        out.printf(Locale.ROOT, "%-9s %s W=%-3d b=%-2d S=%-2d k=%-2d rows=%-8d est %.3f s, %d MiB, proof %d B  (%d plans; %s)%n",
                PLAN, plan.backend().name(), st.width(), chosen.options().tableBits(), st.tableSegments(), st.k(),
                st.usedRows(), chosen.seconds(),
                chosen.cost().peakMemoryBytes() >> 20, chosen.cost().proofBytes(), plan.trials().size(), plan.why());
    }

    private List<LayoutStrategy> strategies() {
        SearchSpace sp;
        switch (space) {
            case "standard":
                sp = SearchSpace.standard();
                break;
            case "wide":
                sp = SearchSpace.wide();
                break;
            default:
                throw new UsageError("--space: expected 'standard' or 'wide', got '" + space + "'");
        }
        if (strategy.equals("all")) {
            return Strategies.all(sp);
        }
        if (!Strategies.NAMES.contains(strategy)) {
            throw new UsageError("--strategy: unknown layout strategy '" + strategy + "' (known: "
                    + String.join(", ", Strategies.NAMES) + ", " + PLAN + ", all)");
        }
        return List.of(Strategies.byName(strategy, sp));
    }
}
