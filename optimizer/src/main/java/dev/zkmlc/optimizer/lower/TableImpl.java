package dev.zkmlc.optimizer.lower;

/**
 * How one layer's nonlinearity is proved.
 *
 * <ul>
 *   <li>{@link #FULL}: one lookup into a table over the plan's whole input range, private to the node (the
 *       default, -O0 and -O1);</li>
 *   <li>{@link #TRIMMED}: the table drops the flat tails where the function is constant at the output
 *       precision (sigmoid and tanh saturate, exp underflows to 0); the input is first held to the plan's range
 *       by a range check (so an out-of-range input is still refused, as the specification refuses it), then
 *       clamped into the trimmed domain by a max and a min against constants, then looked up. Tables with equal
 *       contents are shared between layers. Fewer table rows, more gadget rows: the search weighs the two per
 *       layer.</li>
 * </ul>
 */
public enum TableImpl {
    FULL("full table"),
    TRIMMED("trimmed table + clamp");

    private final String description;

    TableImpl(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }
}
