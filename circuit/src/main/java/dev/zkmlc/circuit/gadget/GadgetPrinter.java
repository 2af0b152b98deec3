package dev.zkmlc.circuit.gadget;

import java.util.Arrays;

/** The text form of a gadget program (for --dump-ir and test failures): one line per gadget. */
public final class GadgetPrinter {
    private GadgetPrinter() {}

    public static String print(GadgetProgram p) {
        StringBuilder sb = new StringBuilder("gadgets ").append(p.name()).append(" (")
                .append(p.wireCount()).append(" wires)\n");
        for (GadgetProgram.TensorWires in : p.inputs()) {
            sb.append("  input ").append(in.isPublic() ? "public " : "private ").append(in.name())
                    .append(Arrays.toString(in.shape())).append('\n');
        }
        for (int i = 0; i < p.tables().size(); i++) {
            sb.append("  table #").append(i).append(' ').append(p.tables().get(i)).append('\n');
        }
        for (Gadget g : p.gadgets()) {
            sb.append("  ").append(g.kind()).append(" x").append(Math.max(g.outputs().length, count(g)))
                    .append(detail(g)).append("  @ ").append(g.origin()).append('\n');
        }
        for (GadgetProgram.TensorWires out : p.outputs()) {
            sb.append("  output ").append(out.isPublic() ? "public " : "private ").append(out.name())
                    .append(Arrays.toString(out.shape())).append('\n');
        }
        for (GadgetProgram.TensorWires h : p.hashed()) {
            sb.append("  hash public ").append(h.name()).append(Arrays.toString(h.shape())).append('\n');
        }
        return sb.toString();
    }

    private static int count(Gadget g) {
        return g instanceof Gadget.RangeCheck r ? r.wires().length : 0;
    }

    private static String detail(Gadget g) {
        if (g instanceof Gadget.Dot d) {
            return d.xs().length == 0 ? "" : " len " + d.xs()[0].length;
        }
        if (g instanceof Gadget.DotRescale d) {
            return (d.xs().length == 0 ? "" : " len " + d.xs()[0].length) + " / 2^" + d.shift() + " -> " + d.outRange()
                    + (d.relu() ? " relu" : "");
        }
        if (g instanceof Gadget.MatMul mm) {
            return " " + mm.m() + "x" + mm.n() + " by " + mm.n() + "x" + mm.p();
        }
        if (g instanceof Gadget.Linear l) {
            return " " + l.ca() + "*a" + (l.b() == null ? "" : " + " + l.cb() + "*b") + " + " + l.k();
        }
        if (g instanceof Gadget.DivRound d) {
            return " / " + d.divisor() + " -> " + d.outRange();
        }
        if (g instanceof Gadget.DivVar d) {
            return " -> " + d.outRange();
        }
        if (g instanceof Gadget.RangeCheck r) {
            return " " + r.range();
        }
        if (g instanceof Gadget.Lookup l) {
            return " table #" + l.table();
        }
        return "";
    }
}
