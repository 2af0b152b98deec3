package dev.zkmlc.optimizer.cost;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Unit costs (CPU nanoseconds) of the prover's kernels on one machine, which {@link DefaultCostModel} weights operation counts
 * with. Each kernel has the shape of its algorithm, so a profile measured at small sizes extrapolates:
 * an NTT of n points costs {@code nttNs * n * log2(n)}; a commitment to n full 254-bit scalars (quotient pieces,
 * grand products, running sums), when it goes through the proving key's table of precomputed multiples of the bases
 * (a fixed number of 13-bit windows, {@link DefaultCostModel#FULL_SCALAR_WINDOWS}, whatever n; keys of 2^11 to 2^16
 * rows carry the table), costs {@code msmFullNs * n * FULL_SCALAR_WINDOWS + msmFullFixedNs} (the fixed part: the
 * buckets' reduction), and without the table (Pippenger, about 254 / log2(n) windows) {@code msmPippengerNs * n * 254
 * / log2(n)}; a commitment
 * to n small signed integers (quantized witness values) {@code msmSmallNs * n + msmSmallFixedNs} (the fixed part: the
 * few full-size blinding values of every column and the tiers' reductions).
 *
 * @param source where the figures come from (machine, date, command)
 * @param nttNs ns per point per butterfly level of a radix-2 NTT
 * @param msmFullNs ns per point per window of a commitment to random 254-bit scalars
 * @param msmFullFixedNs ns per commitment to random 254-bit scalars, whatever its size
 * @param msmPippengerNs ns per point per window of a commitment to random 254-bit scalars without a base table
 * @param msmSmallNs ns per point of a commitment whose scalars are small signed integers
 * @param msmSmallFixedNs ns per commitment of small signed integers, whatever its size
 * @param fieldMulNs ns per field multiplication (quotient evaluation, openings, grand products)
 * @param lookupNsPerRow ns per row per lookup argument (multiplicities, logUp running sum with inversions)
 * @param witnessNsPerCell ns per advice cell of witness generation (gadget evaluation and cell filling)
 */
public record CostProfile(String source, double nttNs, double msmFullNs, double msmFullFixedNs, double msmPippengerNs,
        double msmSmallNs, double msmSmallFixedNs, double fieldMulNs, double lookupNsPerRow, double witnessNsPerCell) {
    /**
     * The JSON format's version: 2 costed commitments as the prover's base-table MSMs with fixed parts, 3 adds the MSM
     * without a table (keys of fewer than 2^11 or more than 2^16 rows).
     */
    static final int VERSION = 3;

    public CostProfile {
        for (double v : new double[] {nttNs, msmFullNs, msmPippengerNs, msmSmallNs, fieldMulNs, lookupNsPerRow,
            witnessNsPerCell}) {
            if (!(v > 0) || Double.isInfinite(v)) {
                throw new IllegalArgumentException("cost profile unit costs must be positive and finite");
            }
        }
        for (double v : new double[] {msmFullFixedNs, msmSmallFixedNs}) {
            if (!(v >= 0) || Double.isInfinite(v)) {
                throw new IllegalArgumentException("cost profile fixed costs must be non-negative and finite");
            }
        }
    }

    /**
     * Measured on the project's development machine (2 cores shared with other jobs, Java 17.0.15) with
     * {@code zkmlc calibrate-cost}, which times the real prover's NTT ({@code prover.poly.Ntt}, 2^10..2^14 points),
     * commitments as the prover makes them (base-table MSMs of 2^9..2^13 points, witness-like small values and random
     * full scalars, four columns at a time; full scalars without the table at 2^10..2^13), Montgomery multiplication
     * and witness cell filling in process CPU time, and fits the shapes above by least squares. The unit is CPU
     * nanoseconds, so estimates are CPU seconds: comparable across a loaded and an idle machine. Each unit cost is
     * the median of three runs (load average 6 to 9), after the prover's batched commitments and degree-class
     * quotient of 2026-11-24 (main bc774a7; the commitment without a table on main a606841).
     */
    public static CostProfile defaults() {
        return new CostProfile("default: median of three zkmlc calibrate-cost runs on the development machine (2 cores),"
                + " 2026-11-24, main bc774a7 and a606841",
                DEFAULT_NTT_NS, DEFAULT_MSM_FULL_NS, DEFAULT_MSM_FULL_FIXED_NS, DEFAULT_MSM_PIPPENGER_NS, DEFAULT_MSM_SMALL_NS,
                DEFAULT_MSM_SMALL_FIXED_NS, DEFAULT_FIELD_MUL_NS, DEFAULT_LOOKUP_NS, DEFAULT_WITNESS_NS);
    }

    static final double DEFAULT_NTT_NS = 33.41;
    static final double DEFAULT_MSM_FULL_NS = 443.60;
    static final double DEFAULT_MSM_FULL_FIXED_NS = 6_753_472;
    static final double DEFAULT_MSM_PIPPENGER_NS = 719.19;
    static final double DEFAULT_MSM_SMALL_NS = 585.74;
    static final double DEFAULT_MSM_SMALL_FIXED_NS = 2_401_808;
    static final double DEFAULT_FIELD_MUL_NS = 53.33;
    static final double DEFAULT_LOOKUP_NS = 14 * DEFAULT_FIELD_MUL_NS;
    static final double DEFAULT_WITNESS_NS = 5.72;

    /** The profile as a flat JSON object, one unit cost per line. */
    public String toJson() {
        Map<String, Double> m = numbers();
        StringBuilder sb = new StringBuilder("{\n  \"format\": \"zkmlc-cost-profile\",\n  \"version\": " + VERSION + ",\n");
        sb.append("  \"source\": \"").append(source.replace("\\", "\\\\").replace("\"", "\\\"")).append("\"");
        for (Map.Entry<String, Double> e : m.entrySet()) {
            sb.append(",\n  \"").append(e.getKey()).append("\": ").append(String.format(Locale.ROOT, "%.4f", e.getValue()));
        }
        return sb.append("\n}\n").toString();
    }

    private Map<String, Double> numbers() {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("nttNs", nttNs);
        m.put("msmFullNs", msmFullNs);
        m.put("msmFullFixedNs", msmFullFixedNs);
        m.put("msmPippengerNs", msmPippengerNs);
        m.put("msmSmallNs", msmSmallNs);
        m.put("msmSmallFixedNs", msmSmallFixedNs);
        m.put("fieldMulNs", fieldMulNs);
        m.put("lookupNsPerRow", lookupNsPerRow);
        m.put("witnessNsPerCell", witnessNsPerCell);
        return m;
    }

    private static final Pattern NUMBER = Pattern.compile("\"(\\w+)\"\\s*:\\s*(-?[0-9][0-9.eE+-]*)");
    private static final Pattern SOURCE = Pattern.compile("\"source\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");
    private static final Pattern VERSION_FIELD = Pattern.compile("\"version\"\\s*:\\s*([0-9]{1,9})\\b");
    private static final Pattern FORMAT = Pattern.compile("\"format\"\\s*:\\s*\"zkmlc-cost-profile\"");

    /** Reads {@link #toJson()}'s output; {@code where} names the file in error messages. */
    public static CostProfile fromJson(String json, String where) {
        if (!FORMAT.matcher(json).find()) {
            throw new CostProfileException(where + ": not a zkmlc cost profile (no \"format\": \"zkmlc-cost-profile\")");
        }
        Map<String, Double> m = new LinkedHashMap<>();
        Matcher vm = VERSION_FIELD.matcher(json);
        String version = vm.find() ? vm.group(1) : "(none)";
        if (!version.equals(String.valueOf(VERSION))) {
            throw new CostProfileException(where + ": cost profile format version " + version + ", this zkmlc reads version "
                    + VERSION + " (it costs commitments differently): run zkmlc calibrate-cost again");
        }
        Matcher nm = NUMBER.matcher(json);
        while (nm.find()) {
            try {
                m.put(nm.group(1), Double.parseDouble(nm.group(2)));
            } catch (NumberFormatException e) {
                throw new CostProfileException(where + ": \"" + nm.group(1) + "\" is not a number: " + nm.group(2));
            }
        }
        Matcher sm = SOURCE.matcher(json);
        String source = sm.find() ? sm.group(1).replace("\\\"", "\"").replace("\\\\", "\\") : where;
        try {
            return new CostProfile(source, need(m, "nttNs", where), need(m, "msmFullNs", where),
                    need(m, "msmFullFixedNs", where), need(m, "msmPippengerNs", where), need(m, "msmSmallNs", where),
                    need(m, "msmSmallFixedNs", where),
                    need(m, "fieldMulNs", where), need(m, "lookupNsPerRow", where), need(m, "witnessNsPerCell", where));
        } catch (IllegalArgumentException e) {
            throw new CostProfileException(where + ": " + e.getMessage());
        }
    }

    private static double need(Map<String, Double> m, String key, String where) {
        Double v = m.get(key);
        if (v == null) {
            throw new CostProfileException(where + ": missing \"" + key + "\"");
        }
        return v;
    }
}
