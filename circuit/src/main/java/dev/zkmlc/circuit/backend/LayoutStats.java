package dev.zkmlc.circuit.backend;

/**
 * What a layout costs, as counted by the backend's placement code (the same code for a dry run and
 * a real layout, so simulation and compilation agree).
 *
 * @param backend the backend's name
 * @param width advice columns per row
 * @param k log2 of the number of rows
 * @param usedRows rows holding gates or cells
 * @param tableRows rows of lookup tables in fixed columns, over all segments
 * @param adviceColumns advice columns
 * @param fixedColumns fixed columns (selectors, coefficients, constants, tables)
 * @param instanceColumns instance columns
 * @param instanceValues public values (inputs then outputs)
 * @param gates custom gates
 * @param lookups lookup arguments
 * @param copies copy constraints
 * @param equalityColumns columns in the permutation argument
 * @param degree the largest constraint degree, lookups included
 * @param adviceCells advice cells assigned (a proxy for witness-generation work)
 * @param phaseOneColumns of the advice columns, those of phase 1 (their values depend on a challenge: full field
 *     elements, not small integers)
 * @param tableSegments the tuples of fixed columns the lookup table is spread over (1 without a table); each
 *     lookup has a multiplicity and a running sum per segment, and the table needs ceil(tableRows / segments) rows
 */
public record LayoutStats(String backend, int width, int k, int usedRows, int tableRows, int adviceColumns,
        int fixedColumns, int instanceColumns, int instanceValues, int gates, int lookups, long copies,
        int equalityColumns, int degree, long adviceCells, int phaseOneColumns, int tableSegments) {

    /** A layout whose table (if any) sits in one segment. */
    public LayoutStats(String backend, int width, int k, int usedRows, int tableRows, int adviceColumns,
            int fixedColumns, int instanceColumns, int instanceValues, int gates, int lookups, long copies,
            int equalityColumns, int degree, long adviceCells, int phaseOneColumns) {
        this(backend, width, k, usedRows, tableRows, adviceColumns, fixedColumns, instanceColumns, instanceValues, gates,
                lookups, copies, equalityColumns, degree, adviceCells, phaseOneColumns, 1);
    }

    /** A layout without a challenge phase. */
    public LayoutStats(String backend, int width, int k, int usedRows, int tableRows, int adviceColumns,
            int fixedColumns, int instanceColumns, int instanceValues, int gates, int lookups, long copies,
            int equalityColumns, int degree, long adviceCells) {
        this(backend, width, k, usedRows, tableRows, adviceColumns, fixedColumns, instanceColumns, instanceValues, gates,
                lookups, copies, equalityColumns, degree, adviceCells, 0);
    }

    /** Rows each table segment holds (the table's share of k). */
    public int tableRowsPerSegment() {
        return LayoutOptions.rowsPerSegment(tableRows, tableSegments);
    }

    /** 2^k. */
    public long totalRows() {
        return 1L << k;
    }
}
