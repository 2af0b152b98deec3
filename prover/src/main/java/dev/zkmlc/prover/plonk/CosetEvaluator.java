package dev.zkmlc.prover.plonk;

import dev.zkmlc.circuit.cs.Column;
import dev.zkmlc.circuit.cs.Expression;
import dev.zkmlc.circuit.field.Fr;
import dev.zkmlc.circuit.field.FrLimbs;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.IntStream;

/**
 * Evaluates y-combined identities Σ y^(N-1-i)·C_i on every point of an extended coset, from the columns'
 * evaluations on that coset. The expressions are flattened once into postfix code over a stack of Montgomery
 * limbs; a cell with rotation r reads its column's array r·(extended size / n) points further on, since
 * ω = ω_ext^(ext/n). Chunks of points run in parallel, each with its own stack.
 */
final class CosetEvaluator {
    private static final int CONST = 0;
    private static final int LEAF = 1;
    private static final int ADD = 2;
    private static final int SUB = 3;
    private static final int MUL = 4;
    private static final int NEG = 5;
    private static final int SCALE = 6;
    private static final int HORNER = 7;
    private static final int CHUNK = 1 << 10;

    private final int[] code;
    private final long[] constants;
    private final long[][] leafArrays;
    private final int[] leafShifts;
    private final int depth;
    private final int size;

    private CosetEvaluator(int[] code, long[] constants, long[][] leafArrays, int[] leafShifts, int depth, int size) {
        this.code = code;
        this.constants = constants;
        this.leafArrays = leafArrays;
        this.leafShifts = leafShifts;
        this.depth = depth;
        this.size = size;
    }

    /**
     * @param evals a column's evaluations on the extended coset (extSize elements)
     * @param rotationStep extSize / n
     */
    static CosetEvaluator compile(List<Expression> constraints, Fr y, Function<Column, long[]> evals,
                                  int extSize, int rotationStep) {
        Compiler c = new Compiler(evals, extSize, rotationStep);
        int yIdx = c.constant(y);
        for (int i = 0; i < constraints.size(); i++) {
            c.emit(constraints.get(i), i == 0 ? 0 : 1);
            if (i > 0) {
                c.code.add(HORNER);
                c.code.add(yIdx);
            }
        }
        long[] consts = FrLimbs.newArray(c.constants.size());
        for (int i = 0; i < c.constants.size(); i++) {
            FrLimbs.set(consts, i, c.constants.get(i));
        }
        return new CosetEvaluator(c.code.stream().mapToInt(Integer::intValue).toArray(), consts,
                c.arrays.toArray(new long[0][]), c.shifts.stream().mapToInt(Integer::intValue).toArray(),
                c.maxDepth, extSize);
    }

    /** The combined identity at every coset point (0 when there are no identities). */
    long[] evaluateAll() {
        long[] out = FrLimbs.newArray(size);
        if (code.length == 0) {
            return out;
        }
        int chunks = (size + CHUNK - 1) / CHUNK;
        IntStream.range(0, chunks).parallel().forEach(ch -> {
            long[] stack = FrLimbs.newArray(depth);
            int end = Math.min(size, (ch + 1) * CHUNK);
            for (int i = ch * CHUNK; i < end; i++) {
                run(i, stack);
                FrLimbs.copy(stack, 0, out, i);
            }
        });
        return out;
    }

    private void run(int point, long[] st) {
        final int mask = size - 1;
        int sp = 0;
        int pc = 0;
        final int[] code = this.code;
        while (pc < code.length) {
            switch (code[pc]) {
                case CONST:
                    FrLimbs.copy(constants, code[pc + 1], st, sp++);
                    pc += 2;
                    break;
                case LEAF: {
                    int slot = code[pc + 1];
                    FrLimbs.copy(leafArrays[slot], (point + leafShifts[slot]) & mask, st, sp++);
                    pc += 2;
                    break;
                }
                case ADD:
                    sp--;
                    FrLimbs.add(st, sp - 1, st, sp, st, sp - 1);
                    pc++;
                    break;
                case SUB:
                    sp--;
                    FrLimbs.sub(st, sp - 1, st, sp, st, sp - 1);
                    pc++;
                    break;
                case MUL:
                    sp--;
                    FrLimbs.mul(st, sp - 1, st, sp, st, sp - 1);
                    pc++;
                    break;
                case NEG:
                    FrLimbs.neg(st, sp - 1, st, sp - 1);
                    pc++;
                    break;
                case SCALE:
                    FrLimbs.mul(st, sp - 1, constants, code[pc + 1], st, sp - 1);
                    pc += 2;
                    break;
                case HORNER: // acc·y + value
                    sp--;
                    FrLimbs.mul(st, sp - 1, constants, code[pc + 1], st, sp - 1);
                    FrLimbs.add(st, sp - 1, st, sp, st, sp - 1);
                    pc += 2;
                    break;
                default:
                    throw new IllegalStateException("bad opcode " + code[pc]);
            }
        }
    }

    private static final class Compiler {
        final List<Integer> code = new ArrayList<>();
        final List<Fr> constants = new ArrayList<>();
        final Map<Fr, Integer> constantIndex = new HashMap<>();
        final List<long[]> arrays = new ArrayList<>();
        final List<Integer> shifts = new ArrayList<>();
        final Map<Query, Integer> leaves = new HashMap<>();
        final Function<Column, long[]> evals;
        final int extSize;
        final int step;
        int maxDepth = 1;

        Compiler(Function<Column, long[]> evals, int extSize, int step) {
            this.evals = evals;
            this.extSize = extSize;
            this.step = step;
        }

        int constant(Fr v) {
            return constantIndex.computeIfAbsent(v, x -> {
                constants.add(x);
                return constants.size() - 1;
            });
        }

        int leaf(Column column, int rotation) {
            return leaves.computeIfAbsent(new Query(column, rotation), q -> {
                long[] a = evals.apply(column);
                if (a == null || a.length != 4 * extSize) {
                    throw new IllegalStateException("no coset evaluations for column " + column);
                }
                arrays.add(a);
                shifts.add((int) Math.floorMod((long) rotation * step, (long) extSize));
                return arrays.size() - 1;
            });
        }

        void emit(Expression e, int depth) {
            maxDepth = Math.max(maxDepth, depth + 1);
            if (e instanceof Expression.Constant) {
                code.add(CONST);
                code.add(constant(((Expression.Constant) e).value()));
            } else if (e instanceof Expression.Cell) {
                Expression.Cell c = (Expression.Cell) e;
                code.add(LEAF);
                code.add(leaf(c.column(), c.rotation()));
            } else if (e instanceof Expression.Sum) {
                Expression.Sum s = (Expression.Sum) e;
                emit(s.a(), depth);
                if (s.b() instanceof Expression.Negated) {
                    emit(((Expression.Negated) s.b()).e(), depth + 1);
                    code.add(SUB);
                } else {
                    emit(s.b(), depth + 1);
                    code.add(ADD);
                }
            } else if (e instanceof Expression.Product) {
                Expression.Product p = (Expression.Product) e;
                emit(p.a(), depth);
                emit(p.b(), depth + 1);
                code.add(MUL);
            } else if (e instanceof Expression.Negated) {
                emit(((Expression.Negated) e).e(), depth);
                code.add(NEG);
            } else {
                Expression.Scaled s = (Expression.Scaled) e;
                emit(s.e(), depth);
                code.add(SCALE);
                code.add(constant(s.factor()));
            }
        }
    }
}
