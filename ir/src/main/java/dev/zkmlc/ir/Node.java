package dev.zkmlc.ir;

import dev.zkmlc.ir.op.Op;
import java.util.List;

/**
 * One operation in SSA form: it reads the named values {@code inputs} (graph inputs,
 * initializers or earlier nodes' outputs) and defines exactly one value, {@code output}.
 */
public record Node(String name, Op op, List<String> inputs, String output, SourceLocation location) {
    public Node {
        inputs = List.copyOf(inputs);
    }
}
