package dev.zkmlc.prover.plonk;

import dev.zkmlc.circuit.cs.Column;
import dev.zkmlc.circuit.cs.Expression;
import dev.zkmlc.circuit.field.Fr;
import dev.zkmlc.circuit.field.FrLimbs;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.IntStream;

/**
 * Evaluates y-combined identities Σ y^(N-1-i)·C_i on every point of a domain or extended coset, from the
 * columns' evaluations there.
 *
 * <p>The expressions are compiled once into straight-line register code over their common subexpressions (the
 * lookups' shared table tuple, repeated cells and products are computed once per point), with consecutive
 * constraints that share a leading factor (a gate's selector) combined as q·(Horner over the rest) — one product
 * by q per gate instead of one per constraint — and small scale factors (2, -1) as additions. The code then runs
 * on blocks of {@link #BLOCK} points at a time: every instruction loops over a block, so the dispatch costs once
 * per block rather than once per point. A cell with rotation r reads its column's array r·(size / n) points
 * further on, since ω = ω_ext^(size/n). Blocks run in parallel, each task with its own registers.
 *
 * <p>A column's array may hold its evaluations on a larger coset g·H' ⊇ g·H_size than the one evaluated (the
 * coset of size |H'|/2^j is every 2^j-th point of it): the quotient evaluates identities of low degree on a
 * smaller coset than the others, from the same arrays.
 */
final class CosetEvaluator {
    private static final int LOAD = 0;
    private static final int CONST = 1;
    private static final int ADD = 2;
    private static final int SUB = 3;
    private static final int MUL = 4;
    private static final int NEG = 5;
    private static final int DBL = 6;
    private static final int MULC = 7;
    /** dst = a·constant + b */
    private static final int HORNER = 8;
    private static final int BLOCK = 64;
    private static final int BLOCKS_PER_TASK = 16;

    /** Five ints per instruction: opcode, destination register, two operands (registers or a leaf slot or
     * constant index), a constant index. */
    private static final int WIDTH = 5;
    private final int[] code;
    private final long[] constants;
    private final long[][] leafArrays;
    /** Per leaf, in points of its array: the offset of the cell's rotation, the stride and the index mask. */
    private final int[] leafShifts;
    private final int[] leafStrides;
    private final int[] leafMasks;
    private final int registers;
    private final int result;
    private final int size;

    private CosetEvaluator(int[] code, long[] constants, long[][] leafArrays, int[] leafShifts, int[] leafStrides,
                           int[] leafMasks, int registers, int result, int size) {
        this.code = code;
        this.constants = constants;
        this.leafArrays = leafArrays;
        this.leafShifts = leafShifts;
        this.leafStrides = leafStrides;
        this.leafMasks = leafMasks;
        this.registers = registers;
        this.result = result;
        this.size = size;
    }

    /**
     * @param evals a column's evaluations on the domain or coset (extSize elements)
     * @param rotationStep extSize / n
     */
    static CosetEvaluator compile(List<Expression> constraints, Fr y, Function<Column, long[]> evals,
                                  int extSize, int rotationStep) {
        return compile(constraints, IntStream.range(0, constraints.size()).toArray(), y, evals, extSize,
                extSize / rotationStep);
    }

    /**
     * Σ_t y^(which[last] - which[t])·C_(which[t]) on the size points of a coset (or of H) of the n-point domain H:
     * the identities at the given increasing positions of the full list, combined with the powers of y they take
     * there but for the factor y^(N - 1 - which[last]) that the full combination adds. A column's array holds
     * its evaluations on that coset or on a larger one (a power-of-two multiple of size points).
     */
    static CosetEvaluator compile(List<Expression> constraints, int[] which, Fr y, Function<Column, long[]> evals,
                                  int size, int n) {
        Compiler c = new Compiler(evals, size, n);
        int acc = -1;
        int i = 0;
        while (i < which.length) {
            // A run of constraints q·e_i, q·e_(i+1), ... adds up to q·(Horner of the e's).
            Expression[] first = split(constraints.get(which[i]));
            int j = i + 1;
            while (first != null && j < which.length) {
                Expression[] next = split(constraints.get(which[j]));
                if (next == null || !next[0].equals(first[0])) {
                    break;
                }
                j++;
            }
            int value;
            if (j - i >= 2) {
                int inner = c.node(split(constraints.get(which[i]))[1]);
                for (int k = i + 1; k < j; k++) {
                    inner = c.op(HORNER, inner, c.node(split(constraints.get(which[k]))[1]),
                            c.constant(y.pow(which[k] - which[k - 1])));
                }
                value = c.op(MUL, c.node(first[0]), inner, 0);
            } else {
                value = c.node(constraints.get(which[i]));
            }
            acc = acc < 0 ? value : c.op(HORNER, acc, value, c.constant(y.pow(which[j - 1] - which[i - 1])));
            i = j;
        }
        return c.finish(acc, size);
    }

    /** A product's leftmost factor and the rest: q·a·b = q·(a·b). Null when e is not a product. */
    private static Expression[] split(Expression e) {
        if (!(e instanceof Expression.Product)) {
            return null;
        }
        Expression.Product p = (Expression.Product) e;
        Expression[] inner = split(p.a());
        if (inner == null) {
            return new Expression[] {p.a(), p.b()};
        }
        return new Expression[] {inner[0], inner[1].times(p.b())};
    }

    /** The combined identity at every point (0 when there are no identities). */
    long[] evaluateAll() {
        long[] out = FrLimbs.newArray(size);
        if (result < 0) {
            return out;
        }
        int block = Math.min(BLOCK, size);
        int blocks = size / block;
        int tasks = (blocks + BLOCKS_PER_TASK - 1) / BLOCKS_PER_TASK;
        IntStream.range(0, tasks).parallel().forEach(t -> {
            long[][] regs = new long[registers][4 * block];
            for (int b = t * BLOCKS_PER_TASK; b < Math.min(blocks, (t + 1) * BLOCKS_PER_TASK); b++) {
                run(b * block, block, regs);
                System.arraycopy(regs[result], 0, out, 4 * b * block, 4 * block);
            }
        });
        return out;
    }

    /**
     * Each instruction's loop over the block is a small method of its own, reached through a call the JIT does not
     * inline (nine kinds at one call site): one large switch of loops made it compile (and, as instructions first
     * appeared, recompile) the whole of it again and again in a cold proof.
     */
    private void run(int from, int count, long[][] regs) {
        final int[] code = this.code;
        for (int pc = 0; pc < code.length; pc += WIDTH) {
            KERNELS[code[pc]].run(this, code, pc, from, count, regs);
        }
    }

    private interface Kernel {
        void run(CosetEvaluator e, int[] code, int pc, int from, int count, long[][] regs);
    }

    /** Indexed by opcode. */
    private static final Kernel[] KERNELS = {
        (e, code, pc, from, count, regs) -> {
            int leaf = code[pc + 2];
            load(e.leafArrays[leaf], e.leafShifts[leaf], e.leafStrides[leaf], e.leafMasks[leaf], from, count,
                    regs[code[pc + 1]]);
        },
        (e, code, pc, from, count, regs) -> fill(e.constants, code[pc + 2], count, regs[code[pc + 1]]),
        (e, code, pc, from, count, regs) -> add(regs[code[pc + 2]], regs[code[pc + 3]], count, regs[code[pc + 1]]),
        (e, code, pc, from, count, regs) -> sub(regs[code[pc + 2]], regs[code[pc + 3]], count, regs[code[pc + 1]]),
        (e, code, pc, from, count, regs) -> mul(regs[code[pc + 2]], regs[code[pc + 3]], count, regs[code[pc + 1]]),
        (e, code, pc, from, count, regs) -> neg(regs[code[pc + 2]], count, regs[code[pc + 1]]),
        (e, code, pc, from, count, regs) -> add(regs[code[pc + 2]], regs[code[pc + 2]], count, regs[code[pc + 1]]),
        (e, code, pc, from, count, regs) -> mulConstant(regs[code[pc + 2]], e.constants, code[pc + 4], count,
                regs[code[pc + 1]]),
        (e, code, pc, from, count, regs) -> horner(regs[code[pc + 2]], regs[code[pc + 3]], e.constants, code[pc + 4],
                count, regs[code[pc + 1]]),
    };

    private static void load(long[] src, int shift, int stride, int mask, int from, int count, long[] d) {
        for (int i = 0; i < count; i++) {
            System.arraycopy(src, 4 * (((from + i) * stride + shift) & mask), d, 4 * i, 4);
        }
    }

    private static void fill(long[] constants, int k, int count, long[] d) {
        for (int i = 0; i < count; i++) {
            System.arraycopy(constants, 4 * k, d, 4 * i, 4);
        }
    }

    private static void add(long[] a, long[] b, int count, long[] d) {
        for (int i = 0; i < count; i++) {
            FrLimbs.add(a, i, b, i, d, i);
        }
    }

    private static void sub(long[] a, long[] b, int count, long[] d) {
        for (int i = 0; i < count; i++) {
            FrLimbs.sub(a, i, b, i, d, i);
        }
    }

    private static void mul(long[] a, long[] b, int count, long[] d) {
        for (int i = 0; i < count; i++) {
            FrLimbs.mul(a, i, b, i, d, i);
        }
    }

    private static void neg(long[] a, int count, long[] d) {
        for (int i = 0; i < count; i++) {
            FrLimbs.neg(a, i, d, i);
        }
    }

    private static void mulConstant(long[] a, long[] constants, int k, int count, long[] d) {
        for (int i = 0; i < count; i++) {
            FrLimbs.mul(a, i, constants, k, d, i);
        }
    }

    /** d = a·constant + b (d is never b's register: the compiler keeps it apart). */
    private static void horner(long[] a, long[] b, long[] constants, int k, int count, long[] d) {
        for (int i = 0; i < count; i++) {
            FrLimbs.mul(a, i, constants, k, d, i);
            FrLimbs.add(d, i, b, i, d, i);
        }
    }

    /** Builds the value graph with common subexpressions shared, then assigns registers. */
    private static final class Compiler {
        /** Per node: opcode and up to three operands (nodes, or a leaf slot / constant index). */
        final List<int[]> nodes = new ArrayList<>();
        final Map<List<Integer>, Integer> nodeIndex = new HashMap<>();
        final Map<Expression, Integer> memo = new HashMap<>();
        final List<Fr> constants = new ArrayList<>();
        final Map<Fr, Integer> constantIndex = new HashMap<>();
        final List<long[]> arrays = new ArrayList<>();
        final List<Integer> shifts = new ArrayList<>();
        final List<Integer> strides = new ArrayList<>();
        final Map<Query, Integer> leaves = new HashMap<>();
        final Function<Column, long[]> evals;
        final int size;
        final int n;

        Compiler(Function<Column, long[]> evals, int size, int n) {
            this.evals = evals;
            this.size = size;
            this.n = n;
        }

        int constant(Fr v) {
            return constantIndex.computeIfAbsent(v, x -> {
                constants.add(x);
                return constants.size() - 1;
            });
        }

        /** The node for op(a, b, k), shared when an identical one exists. */
        int op(int opcode, int a, int b, int k) {
            return nodeIndex.computeIfAbsent(List.of(opcode, a, b, k), key -> {
                nodes.add(new int[] {opcode, a, b, k});
                return nodes.size() - 1;
            });
        }

        int leaf(Column column, int rotation) {
            int slot = leaves.computeIfAbsent(new Query(column, rotation), q -> {
                long[] a = evals.apply(column);
                int points = a == null ? 0 : a.length / 4;
                if (points < size || points % size != 0 || Integer.bitCount(points) != 1) {
                    throw new IllegalStateException("no coset evaluations for column " + column);
                }
                arrays.add(a);
                shifts.add((int) Math.floorMod((long) rotation * (points / n), (long) points));
                strides.add(points / size);
                return arrays.size() - 1;
            });
            return op(LOAD, slot, 0, 0);
        }

        int node(Expression e) {
            Integer known = memo.get(e);
            if (known != null) {
                return known;
            }
            int n;
            if (e instanceof Expression.Constant) {
                n = op(CONST, constant(((Expression.Constant) e).value()), 0, 0);
            } else if (e instanceof Expression.Cell) {
                Expression.Cell c = (Expression.Cell) e;
                n = leaf(c.column(), c.rotation());
            } else if (e instanceof Expression.Sum) {
                Expression.Sum s = (Expression.Sum) e;
                if (s.b() instanceof Expression.Negated) {
                    n = op(SUB, node(s.a()), node(((Expression.Negated) s.b()).e()), 0);
                } else {
                    n = op(ADD, node(s.a()), node(s.b()), 0);
                }
            } else if (e instanceof Expression.Product) {
                Expression.Product p = (Expression.Product) e;
                n = op(MUL, node(p.a()), node(p.b()), 0);
            } else if (e instanceof Expression.Negated) {
                n = op(NEG, node(((Expression.Negated) e).e()), 0, 0);
            } else {
                Expression.Scaled s = (Expression.Scaled) e;
                int inner = node(s.e());
                Fr f = s.factor();
                if (f.isOne()) {
                    n = inner;
                } else if (f.equals(Fr.of(2))) {
                    n = op(DBL, inner, 0, 0);
                } else if (f.equals(Fr.of(-1))) {
                    n = op(NEG, inner, 0, 0);
                } else {
                    n = op(MULC, inner, 0, constant(f));
                }
            }
            memo.put(e, n);
            return n;
        }

        /** Which operands of a node are nodes (the rest are slots or constants). */
        static int nodeOperands(int opcode) {
            switch (opcode) {
                case LOAD:
                case CONST:
                    return 0;
                case NEG:
                case DBL:
                case MULC:
                    return 1;
                default:
                    return 2;
            }
        }

        CosetEvaluator finish(int result, int size) {
            long[] consts = FrLimbs.newArray(Math.max(1, constants.size()));
            for (int i = 0; i < constants.size(); i++) {
                FrLimbs.set(consts, i, constants.get(i));
            }
            long[][] leafArrays = arrays.toArray(new long[0][]);
            int[] leafShifts = shifts.stream().mapToInt(Integer::intValue).toArray();
            int[] leafStrides = strides.stream().mapToInt(Integer::intValue).toArray();
            int[] leafMasks = new int[leafArrays.length];
            for (int i = 0; i < leafMasks.length; i++) {
                leafMasks[i] = leafArrays[i].length / 4 - 1;
            }
            if (result < 0) {
                return new CosetEvaluator(new int[0], consts, leafArrays, leafShifts, leafStrides, leafMasks, 0, -1, size);
            }
            // Only the nodes the result needs, in creation order (operands come first); registers are freed after
            // their last reader, so a destination may reuse an operand's register (the kernels allow aliasing).
            int count = nodes.size();
            boolean[] needed = new boolean[count];
            needed[result] = true;
            int[] lastUse = new int[count];
            Arrays.fill(lastUse, -1);
            for (int i = count - 1; i >= 0; i--) {
                if (!needed[i]) {
                    continue;
                }
                int[] nd = nodes.get(i);
                for (int k = 0; k < nodeOperands(nd[0]); k++) {
                    needed[nd[1 + k]] = true;
                    lastUse[nd[1 + k]] = Math.max(lastUse[nd[1 + k]], i);
                }
            }
            lastUse[result] = count;
            int[] register = new int[count];
            ArrayDeque<Integer> free = new ArrayDeque<>();
            int registers = 0;
            int[] code = new int[WIDTH * count];
            int pc = 0;
            for (int i = 0; i < count; i++) {
                if (!needed[i]) {
                    continue;
                }
                int[] nd = nodes.get(i);
                int operands = nodeOperands(nd[0]);
                // HORNER writes a·k into its destination before reading b: b's register must not be reused.
                int early = nd[0] == HORNER ? 1 : operands;
                for (int k = 0; k < early; k++) {
                    int o = nd[1 + k];
                    if (lastUse[o] == i && (k == 0 || nd[1] != o)) {
                        free.push(register[o]);
                    }
                }
                register[i] = free.isEmpty() ? registers++ : free.pop();
                for (int k = early; k < operands; k++) {
                    int o = nd[1 + k];
                    if (lastUse[o] == i && nd[1] != o) {
                        free.push(register[o]);
                    }
                }
                code[pc] = nd[0];
                code[pc + 1] = register[i];
                switch (nd[0]) {
                    case LOAD:
                    case CONST:
                        code[pc + 2] = nd[1];
                        break;
                    case NEG:
                    case DBL:
                        code[pc + 2] = register[nd[1]];
                        break;
                    case MULC:
                        code[pc + 2] = register[nd[1]];
                        code[pc + 4] = nd[3];
                        break;
                    case HORNER:
                        code[pc + 2] = register[nd[1]];
                        code[pc + 3] = register[nd[2]];
                        code[pc + 4] = nd[3];
                        break;
                    default:
                        code[pc + 2] = register[nd[1]];
                        code[pc + 3] = register[nd[2]];
                        break;
                }
                pc += WIDTH;
            }
            return new CosetEvaluator(Arrays.copyOf(code, pc), consts, leafArrays, leafShifts, leafStrides, leafMasks,
                    registers, register[result], size);
        }
    }
}
