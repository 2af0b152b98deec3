package dev.zkmlc.optimizer.lower;

/**
 * A way to prove one layer's part, chosen per layer by the optimizer. Each {@link Kind} has its default first.
 *
 * <ul>
 *   <li>{@link #FULL_TABLE}: a nonlinearity as one lookup into a table over the plan's whole input range, private
 *       to the node (the default, -O0 and -O1);</li>
 *   <li>{@link #TRIMMED_TABLE}: the table drops the flat tails where the function is constant at the output
 *       precision (sigmoid and tanh saturate, exp underflows to 0); the input is first held to the plan's range by
 *       a range check (so an out-of-range input is still refused, as the specification refuses it), then clamped
 *       into the trimmed domain by a max and a min against constants, then looked up. Tables with equal contents
 *       are shared between layers. Fewer table rows, more gadget rows;</li>
 *   <li>{@link #ROW_LIMBS}: each range check wider than the lookup table is split into limbs on a row of its own
 *       (the default);</li>
 *   <li>{@link #PACKED_LIMBS}: the layer's wide checks are split side by side, as many per row as the width
 *       holds ({@link dev.zkmlc.circuit.gadget.RangeLayout#PACKED}): the same cells in fewer rows;</li>
 *   <li>{@link #DOT_PRODUCTS}: a matmul (activations times activations, private weights, or weights the circuit
 *       fixes) as one dot product per output entry, m·k·n products (the default);</li>
 *   <li>{@link #FREIVALDS}: the same matmul checked by Freivalds with challenges from the transcript
 *       ({@link dev.zkmlc.circuit.gadget.Gadget.MatMul}): O(mk + kn + mn) cells, but three phase-1 columns of full
 *       field elements; with weights the circuit fixes, the halo2-style backend keeps the matrix in fixed columns
 *       (one input per row, no weight cells, each input copied once instead of once per output) and needs one
 *       phase-1 column; only backends whose capabilities include challenges lay it out;</li>
 *   <li>{@link #TABLE_BASE}: the layer's range checks in limbs of the lookup table's bits, each looked up (the
 *       default; a check no wider than the table is one lookup);</li>
 *   <li>{@link #BIT_BASE}: the layer's range checks in bits, each proved boolean by the decomposition's gate
 *       ({@link dev.zkmlc.circuit.gadget.RangeBase#BITS}): more cells, but no lookups, and when no layer looks
 *       anything up the circuit needs no lookup argument and no table;</li>
 *   <li>{@link #ROW_DOTS}: each dot product on rows of its own, as many terms per row as the width holds, chained
 *       (the default);</li>
 *   <li>{@link #PACKED_DOTS}: the layer's dot products side by side, each a segment as long as the layer's longest
 *       ({@link dev.zkmlc.circuit.gadget.DotLayout#PACKED}): fewer rows when the products are much shorter than a
 *       row (small convolution kernels, narrow inputs).</li>
 *   <li>{@link #SEPARATE}: a dense layer (matmul, gemm, conv) as its dot products, then a rescale gadget, then (when a
 *       relu alone reads the layer) a max with 0 (the default);</li>
 *   <li>{@link #FUSED}: the same as one {@link dev.zkmlc.circuit.gadget.Gadget.DotRescale}: the rescale (and the relu)
 *       proved on each dot product's last row, without copying the accumulator or the quotient; only backends whose
 *       capabilities include {@code fusedDotRescale} lay it out.</li>
 * </ul>
 * Either base gives every check the limbs its own range needs.
 */
public enum GadgetChoice {
    FULL_TABLE(Kind.TABLE, "full table"),
    TRIMMED_TABLE(Kind.TABLE, "trimmed table + clamp"),
    ROW_LIMBS(Kind.RANGE, "wide range checks one per row"),
    PACKED_LIMBS(Kind.RANGE, "wide range checks packed"),
    DOT_PRODUCTS(Kind.MATMUL, "matmul as dot products"),
    FREIVALDS(Kind.MATMUL, "matmul by a Freivalds check"),
    TABLE_BASE(Kind.BASE, "range checks in table-bit limbs, looked up"),
    BIT_BASE(Kind.BASE, "range checks in bits, no lookup"),
    ROW_DOTS(Kind.DOT, "dot products chained over full rows"),
    PACKED_DOTS(Kind.DOT, "short dot products side by side"),
    SEPARATE(Kind.FUSE, "dot products, rescale and relu as separate gadgets"),
    FUSED(Kind.FUSE, "dot + bias + rescale (+ relu) fused on the dot rows");

    /**
     * What a choice is about: a nonlinearity's table, where range-check limbs go, a matmul's proof, the range base,
     * how dot products are laid out, whether a dense layer's rescale and relu are fused into its dot rows.
     */
    public enum Kind { TABLE, RANGE, MATMUL, BASE, DOT, FUSE }

    private final Kind kind;
    private final String description;

    GadgetChoice(Kind kind, String description) {
        this.kind = kind;
        this.description = description;
    }

    public Kind kind() {
        return kind;
    }

    public String description() {
        return description;
    }
}
