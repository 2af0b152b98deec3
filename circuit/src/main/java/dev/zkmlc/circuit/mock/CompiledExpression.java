package dev.zkmlc.circuit.mock;

import dev.zkmlc.circuit.cs.Column;
import dev.zkmlc.circuit.cs.ColumnKind;
import dev.zkmlc.circuit.cs.ColumnValues;
import dev.zkmlc.circuit.cs.ConstraintSystem;
import dev.zkmlc.circuit.cs.Expression;
import dev.zkmlc.circuit.cs.Witness;
import dev.zkmlc.circuit.field.Fr;
import dev.zkmlc.circuit.field.FrLimbs;
import java.util.ArrayList;
import java.util.List;

/**
 * An expression flattened to postfix code over a stack of Montgomery limbs, so that checking a
 * constraint on 2^18 rows allocates nothing per row and does not walk the record tree.
 *
 * <p>Products short-circuit: when the left factor (usually a selector) is zero the right factor is
 * skipped. Advice cells in the prover's blinding rows are "poison" (random in a real proof): they
 * read as {@link #poison}, and {@link #touchedPoison} records that one was read, so the checker can
 * re-evaluate with a different poison value and see whether the result depends on it, as halo2's
 * MockProver does.
 */
final class CompiledExpression {
    private static final int CONST = 0;
    private static final int CELL = 1;
    private static final int ADD = 2;
    private static final int SUB = 3;
    private static final int MUL = 4;
    private static final int NEG = 5;
    private static final int SCALE = 6;
    private static final int JZ = 7;

    private final int[] code;
    private final long[] constants;
    private final ColumnValues[] columns;
    private final boolean[] poisonable;
    private final long[] stack;
    private final int rows;
    private final int usableRows;
    private long[] poison = new long[4];
    private boolean touchedPoison;

    private CompiledExpression(int[] code, long[] constants, ColumnValues[] columns, boolean[] poisonable,
                               int depth, int rows, int usableRows) {
        this.code = code;
        this.constants = constants;
        this.columns = columns;
        this.poisonable = poisonable;
        this.stack = FrLimbs.newArray(depth);
        this.rows = rows;
        this.usableRows = usableRows;
    }

    static CompiledExpression compile(Expression e, ConstraintSystem cs, Witness w) {
        Compiler c = new Compiler(cs, w);
        c.emit(e, 0);
        return new CompiledExpression(c.code.stream().mapToInt(Integer::intValue).toArray(),
                toLimbs(c.constants), c.columns.toArray(new ColumnValues[0]), toArray(c.poisonable),
                c.maxDepth, cs.rows(), cs.usableRows());
    }

    void setPoison(Fr value) {
        value.toMontgomery(poison, 0);
    }

    boolean touchedPoison() {
        return touchedPoison;
    }

    /** Evaluates at {@code row}, writing the result to element {@code index} of {@code out}. */
    void evaluate(int row, long[] out, int index) {
        touchedPoison = false;
        final int[] code = this.code;
        final long[] st = stack;
        int sp = 0; // number of elements on the stack
        int pc = 0;
        while (pc < code.length) {
            switch (code[pc]) {
                case CONST:
                    FrLimbs.copy(constants, code[pc + 1], st, sp++);
                    pc += 2;
                    break;
                case CELL: {
                    int slot = code[pc + 1];
                    int r = row + code[pc + 2];
                    if (r < 0 || r >= rows) {
                        r = Math.floorMod(r, rows);
                    }
                    if (poisonable[slot] && r >= usableRows) {
                        FrLimbs.copy(poison, 0, st, sp++);
                        touchedPoison = true;
                    } else {
                        columns[slot].readMontgomery(r, st, sp++);
                    }
                    pc += 3;
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
                case JZ:
                    pc = FrLimbs.isZero(st, sp - 1) ? code[pc + 1] : pc + 2;
                    break;
                default:
                    throw new IllegalStateException("bad opcode " + code[pc]);
            }
        }
        FrLimbs.copy(st, 0, out, index);
    }

    private static long[] toLimbs(List<Fr> values) {
        long[] out = FrLimbs.newArray(values.size());
        for (int i = 0; i < values.size(); i++) {
            values.get(i).toMontgomery(out, i);
        }
        return out;
    }

    private static boolean[] toArray(List<Boolean> bs) {
        boolean[] out = new boolean[bs.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = bs.get(i);
        }
        return out;
    }

    private static final class Compiler {
        private final ConstraintSystem cs;
        private final Witness w;
        final List<Integer> code = new ArrayList<>();
        final List<Fr> constants = new ArrayList<>();
        final List<ColumnValues> columns = new ArrayList<>();
        final List<Boolean> poisonable = new ArrayList<>();
        private final List<Column> columnKeys = new ArrayList<>();
        int maxDepth = 1;

        Compiler(ConstraintSystem cs, Witness w) {
            this.cs = cs;
            this.w = w;
        }

        /** Emits code leaving the value of e on the stack; {@code depth} elements are below it. */
        void emit(Expression e, int depth) {
            maxDepth = Math.max(maxDepth, depth + 1);
            if (e instanceof Expression.Constant) {
                code.add(CONST);
                code.add(constant(((Expression.Constant) e).value()));
            } else if (e instanceof Expression.Cell) {
                Expression.Cell c = (Expression.Cell) e;
                code.add(CELL);
                code.add(column(c.column()));
                code.add(c.rotation());
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
                code.add(JZ);
                int patch = code.size();
                code.add(-1);
                emit(p.b(), depth + 1);
                code.add(MUL);
                code.set(patch, code.size());
            } else if (e instanceof Expression.Negated) {
                emit(((Expression.Negated) e).e(), depth);
                code.add(NEG);
            } else if (e instanceof Expression.Challenge) {
                throw new IllegalStateException("challenge '" + ((Expression.Challenge) e).name()
                        + "' must be bound to its value before compiling");
            } else {
                Expression.Scaled s = (Expression.Scaled) e;
                emit(s.e(), depth);
                code.add(SCALE);
                code.add(constant(s.factor()));
            }
        }

        private int constant(Fr v) {
            int i = constants.indexOf(v);
            if (i < 0) {
                constants.add(v);
                i = constants.size() - 1;
            }
            return i;
        }

        private int column(Column c) {
            int i = columnKeys.indexOf(c);
            if (i < 0) {
                columnKeys.add(c);
                columns.add(c.kind() == ColumnKind.FIXED ? cs.fixedValues(c) : w.column(c));
                poisonable.add(c.kind() == ColumnKind.ADVICE);
                i = columnKeys.size() - 1;
            }
            return i;
        }
    }
}
