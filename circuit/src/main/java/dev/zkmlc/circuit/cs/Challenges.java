package dev.zkmlc.circuit.cs;

import dev.zkmlc.circuit.field.Fr;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;

/**
 * Challenge values outside a proof. A real proof squeezes them from its transcript after committing the phase-0
 * advice; the mock prover and witness generation draw them the same way in spirit, from a hash of everything
 * fixed before them (the phase-0 advice and the instance values), so a witness cannot be chosen after its
 * challenge: changing any phase-0 value changes every challenge.
 */
public final class Challenges {
    private static final byte[] LABEL = "zkmlc-mock-challenges-v1".getBytes(StandardCharsets.US_ASCII);

    private Challenges() {
    }

    /**
     * The challenges of {@code cs} for this witness: SHA-256 over a label, then per phase-0 advice column and per
     * instance column its length and values (a small value as 0x00 + 8 bytes, a large one as 0x01 + 32 bytes),
     * giving a seed s; challenge i is (SHA-256(s ‖ i ‖ 0) ‖ SHA-256(s ‖ i ‖ 1)) as a 512-bit integer mod r.
     * Empty when the system declares none.
     */
    public static List<Fr> derive(ConstraintSystem cs, Witness witness) {
        if (cs.challenges().isEmpty()) {
            return List.of();
        }
        MessageDigest md = sha256();
        md.update(LABEL);
        byte[] buf = new byte[33];
        for (Column c : cs.advice()) {
            if (cs.phase(c) == 0) {
                absorb(md, witness.column(c), buf);
            }
        }
        for (Column c : cs.instance()) {
            absorb(md, witness.column(c), buf);
        }
        byte[] seed = md.digest();
        List<Fr> out = new ArrayList<>();
        for (int i = 0; i < cs.challenges().size(); i++) {
            byte[] wide = new byte[64];
            for (int half = 0; half < 2; half++) {
                md.update(seed);
                md.update(new byte[] {(byte) (i >>> 24), (byte) (i >>> 16), (byte) (i >>> 8), (byte) i, (byte) half});
                System.arraycopy(md.digest(), 0, wide, 32 * half, 32);
            }
            out.add(Fr.of(new BigInteger(1, wide).mod(Fr.MODULUS)));
        }
        return List.copyOf(out);
    }

    private static void absorb(MessageDigest md, ColumnValues v, byte[] buf) {
        int n = v.length();
        md.update(new byte[] {(byte) (n >>> 24), (byte) (n >>> 16), (byte) (n >>> 8), (byte) n});
        for (int row = 0; row < n; row++) {
            if (v.isSmall(row)) {
                long x = v.small(row);
                buf[0] = 0;
                for (int b = 0; b < 8; b++) {
                    buf[1 + b] = (byte) (x >>> (8 * b));
                }
                md.update(buf, 0, 9);
            } else {
                buf[0] = 1;
                System.arraycopy(v.get(row).toBytesLE(), 0, buf, 1, 32);
                md.update(buf, 0, 33);
            }
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java platform", e);
        }
    }

    /** The expression with every challenge replaced by its value (the expression itself when it has none). */
    public static Expression bind(Expression e, List<Fr> values) {
        if (values.isEmpty() || !mentions(e)) {
            return e;
        }
        return substitute(e, values);
    }

    /** {@link #bind} over a list. */
    public static List<Expression> bind(List<Expression> es, List<Fr> values) {
        if (values.isEmpty()) {
            return es;
        }
        List<Expression> out = new ArrayList<>(es.size());
        for (Expression e : es) {
            out.add(bind(e, values));
        }
        return out;
    }

    /** Whether the expression reads a challenge. */
    public static boolean mentions(Expression e) {
        if (e instanceof Expression.Challenge) {
            return true;
        }
        if (e instanceof Expression.Sum) {
            return mentions(((Expression.Sum) e).a()) || mentions(((Expression.Sum) e).b());
        }
        if (e instanceof Expression.Product) {
            return mentions(((Expression.Product) e).a()) || mentions(((Expression.Product) e).b());
        }
        if (e instanceof Expression.Negated) {
            return mentions(((Expression.Negated) e).e());
        }
        if (e instanceof Expression.Scaled) {
            return mentions(((Expression.Scaled) e).e());
        }
        return false;
    }

    /** Substitutes, folding operations on constants (powers of a challenge become one constant). */
    private static Expression substitute(Expression e, List<Fr> values) {
        if (e instanceof Expression.Challenge) {
            int i = ((Expression.Challenge) e).index();
            if (i >= values.size()) {
                throw new CircuitException("challenge '" + ((Expression.Challenge) e).name() + "' (" + i + ") has no value: "
                        + values.size() + " given");
            }
            return Expression.constant(values.get(i));
        }
        if (e instanceof Expression.Sum) {
            Expression.Sum s = (Expression.Sum) e;
            Expression a = substitute(s.a(), values);
            Expression b = substitute(s.b(), values);
            return a instanceof Expression.Constant && b instanceof Expression.Constant
                    ? Expression.constant(value(a).add(value(b))) : new Expression.Sum(a, b);
        }
        if (e instanceof Expression.Product) {
            Expression.Product p = (Expression.Product) e;
            Expression a = substitute(p.a(), values);
            Expression b = substitute(p.b(), values);
            if (a instanceof Expression.Constant && b instanceof Expression.Constant) {
                return Expression.constant(value(a).mul(value(b)));
            }
            // A cell times a constant: the scaled form, which evaluators compute with one product.
            return b instanceof Expression.Constant ? new Expression.Scaled(a, value(b)) : new Expression.Product(a, b);
        }
        if (e instanceof Expression.Negated) {
            Expression x = substitute(((Expression.Negated) e).e(), values);
            return x instanceof Expression.Constant ? Expression.constant(value(x).neg()) : new Expression.Negated(x);
        }
        if (e instanceof Expression.Scaled) {
            Expression.Scaled s = (Expression.Scaled) e;
            Expression x = substitute(s.e(), values);
            return x instanceof Expression.Constant ? Expression.constant(value(x).mul(s.factor()))
                    : new Expression.Scaled(x, s.factor());
        }
        return e;
    }

    private static Fr value(Expression constant) {
        return ((Expression.Constant) constant).value();
    }
}
