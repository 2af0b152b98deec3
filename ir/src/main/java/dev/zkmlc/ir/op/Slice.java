package dev.zkmlc.ir.op;

import dev.zkmlc.ir.IrException;
import dev.zkmlc.ir.Shape;
import dev.zkmlc.ir.TensorType;
import java.util.List;

/**
 * Takes elements start, start + step, ... (stopping before end) along each listed axis. Starts and
 * ends are already clamped to the axis (the frontends resolve ONNX's negative and huge values), so
 * a positive step needs 0 <= start <= end <= extent, and a negative step
 * -1 <= end <= start < extent.
 */
public record Slice(List<Integer> starts, List<Integer> ends, List<Integer> axes, List<Integer> steps) implements Op {
    public Slice {
        starts = List.copyOf(starts);
        ends = List.copyOf(ends);
        axes = List.copyOf(axes);
        steps = List.copyOf(steps);
    }

    @Override
    public String opName() {
        return "slice";
    }

    @Override
    public int[] arity() {
        return new int[] {1, 1};
    }

    /** The number of elements the slice takes along one of its axes. */
    public static int extent(int start, int end, int step) {
        if (step > 0) {
            return Math.max(0, (end - start + step - 1) / step);
        }
        return Math.max(0, (start - end + (-step) - 1) / (-step));
    }

    @Override
    public TensorType inferType(List<TensorType> operands) {
        Shape x = operands.get(0).shape();
        if (starts.size() != axes.size() || ends.size() != axes.size() || steps.size() != axes.size()) {
            throw new IrException("slice: starts, ends, axes and steps differ in length");
        }
        int[] out = x.dims();
        for (int i = 0; i < axes.size(); i++) {
            int a = x.axis(axes.get(i));
            int start = starts.get(i);
            int end = ends.get(i);
            int step = steps.get(i);
            boolean ok = step > 0 ? 0 <= start && start <= end && end <= x.dim(a)
                    : step < 0 && -1 <= end && end <= start && start < x.dim(a);
            if (!ok) {
                throw new IrException("slice: " + start + ":" + end + ":" + step + " does not fit axis " + a + " of " + x);
            }
            out[a] = extent(start, end, step);
        }
        return new TensorType(operands.get(0).dtype(), Shape.of(out));
    }
}
