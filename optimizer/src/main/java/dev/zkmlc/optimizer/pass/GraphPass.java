package dev.zkmlc.optimizer.pass;

import dev.zkmlc.ir.Graph;

/** One graph-to-graph transformation with a single job. Must preserve the float semantics. */
public interface GraphPass {
    /** Short name used by {@code --dump-ir=<name>} and in reports, e.g. {@code dce}. */
    String name();

    Graph run(Graph graph);
}
