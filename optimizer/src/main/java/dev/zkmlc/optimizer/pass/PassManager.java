package dev.zkmlc.optimizer.pass;

import dev.zkmlc.ir.Graph;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs graph passes in order. Every intermediate graph is verified as it is built (a
 * {@link Graph} cannot exist ill-formed), and an observer sees the graph after each pass, which is
 * how {@code --dump-ir=after-pass} prints it.
 */
public final class PassManager {
    /** Sees the graph after each pass; {@code passName} is "input" for the graph before any pass. */
    public interface Observer {
        void afterPass(String passName, Graph graph);
    }

    /** What one pass did, for the compile report. */
    public record PassRecord(String name, int nodesBefore, int nodesAfter) {}

    public record Result(Graph graph, List<PassRecord> passes) {}

    private final List<GraphPass> passes;

    public PassManager(List<GraphPass> passes) {
        this.passes = List.copyOf(passes);
    }

    /** The passes of an optimisation level: none at -O0, the full graph pipeline from -O1 on. */
    public static PassManager forLevel(int level) {
        if (level <= 0) {
            return new PassManager(List.of());
        }
        return new PassManager(List.of(
                new ConstantFolding(),
                new BatchNormFolding(),
                new MatMulAddFusion(),
                new NoOpElimination(),
                new CommonSubexpressionElimination(),
                new DeadCodeElimination()));
    }

    public List<GraphPass> passes() {
        return passes;
    }

    public Result run(Graph graph, Observer observer) {
        observer.afterPass("input", graph);
        List<PassRecord> records = new ArrayList<>();
        Graph current = graph;
        for (GraphPass pass : passes) {
            Graph next = pass.run(current);
            records.add(new PassRecord(pass.name(), current.nodes().size(), next.nodes().size()));
            observer.afterPass(pass.name(), next);
            current = next;
        }
        return new Result(current, records);
    }

    public Result run(Graph graph) {
        return run(graph, (name, g) -> { });
    }
}
