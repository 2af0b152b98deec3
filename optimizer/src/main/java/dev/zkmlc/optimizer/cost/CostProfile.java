package dev.zkmlc.optimizer.cost;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Unit costs (CPU nanoseconds) of the prover's kernels on one machine, which {@link DefaultCostModel} weights operation counts
 * with. Each kernel has the shape of its algorithm, so a profile measured at small sizes extrapolates:
 * an NTT of n points costs {@code nttNs * n * log2(n)}, a Pippenger MSM of n points with full 254-bit scalars
 * {@code msmFullNs * n * 254 / log2(n)} (about 254/log2(n) windows), an MSM of small signed scalars (quantized
 * witness values) {@code msmSmallNs * n}.
 *
 * @param source where the figures come from (machine, date, command)
 * @param nttNs ns per point per butterfly level of a radix-2 NTT
 * @param msmFullNs ns per point per (254 / log2 n) windows of an MSM with random 254-bit scalars
 * @param msmSmallNs ns per point of an MSM whose scalars are small signed integers
 * @param fieldMulNs ns per field multiplication (quotient evaluation, openings, grand products)
 * @param lookupNsPerRow ns per row per lookup argument (multiplicities, logUp running sum with inversions)
 * @param witnessNsPerCell ns per advice cell of witness generation (gadget evaluation and cell filling)
 */
public record CostProfile(String source, double nttNs, double msmFullNs, double msmSmallNs, double fieldMulNs,
        double lookupNsPerRow, double witnessNsPerCell) {
    public CostProfile {
        for (double v : new double[] {nttNs, msmFullNs, msmSmallNs, fieldMulNs, lookupNsPerRow, witnessNsPerCell}) {
            if (!(v > 0) || Double.isInfinite(v)) {
                throw new IllegalArgumentException("cost profile unit costs must be positive and finite");
            }
        }
    }

    /**
     * Measured on the project's development machine (2 cores shared with other jobs, Java 17.0.15) with
     * {@code zkmlc calibrate-cost}, which times the real prover's NTT ({@code prover.poly.Ntt}, 2^10..2^14 points),
     * MSM ({@code prover.msm.Msm}, 2^10..2^13 points, random and 8-bit signed scalars), Montgomery multiplication
     * and witness cell filling in process CPU time, and fits the shapes above by least squares. The unit is CPU
     * nanoseconds, so estimates are CPU seconds: comparable across a loaded and an idle machine. Each unit cost is
     * the median of three runs (load average 16 to 26), after the prover's speed-ups of 2026-11-24.
     */
    public static CostProfile defaults() {
        return new CostProfile("default: median of three zkmlc calibrate-cost runs on the development machine (2 cores),"
                + " 2026-11-24",
                DEFAULT_NTT_NS, DEFAULT_MSM_FULL_NS, DEFAULT_MSM_SMALL_NS, DEFAULT_FIELD_MUL_NS, DEFAULT_LOOKUP_NS,
                DEFAULT_WITNESS_NS);
    }

    static final double DEFAULT_NTT_NS = 36.20;
    static final double DEFAULT_MSM_FULL_NS = 942.04;
    static final double DEFAULT_MSM_SMALL_NS = 785.43;
    static final double DEFAULT_FIELD_MUL_NS = 53.33;
    static final double DEFAULT_LOOKUP_NS = 14 * DEFAULT_FIELD_MUL_NS;
    static final double DEFAULT_WITNESS_NS = 11.22;

    /** The profile as a flat JSON object, one unit cost per line. */
    public String toJson() {
        Map<String, Double> m = numbers();
        StringBuilder sb = new StringBuilder("{\n  \"format\": \"zkmlc-cost-profile\",\n  \"version\": 1,\n");
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
        m.put("msmSmallNs", msmSmallNs);
        m.put("fieldMulNs", fieldMulNs);
        m.put("lookupNsPerRow", lookupNsPerRow);
        m.put("witnessNsPerCell", witnessNsPerCell);
        return m;
    }

    private static final Pattern NUMBER = Pattern.compile("\"(\\w+)\"\\s*:\\s*(-?[0-9][0-9.eE+-]*)");
    private static final Pattern SOURCE = Pattern.compile("\"source\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");
    private static final Pattern FORMAT = Pattern.compile("\"format\"\\s*:\\s*\"zkmlc-cost-profile\"");

    /** Reads {@link #toJson()}'s output; {@code where} names the file in error messages. */
    public static CostProfile fromJson(String json, String where) {
        if (!FORMAT.matcher(json).find()) {
            throw new CostProfileException(where + ": not a zkmlc cost profile (no \"format\": \"zkmlc-cost-profile\")");
        }
        Map<String, Double> m = new LinkedHashMap<>();
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
                    need(m, "msmSmallNs", where), need(m, "fieldMulNs", where), need(m, "lookupNsPerRow", where),
                    need(m, "witnessNsPerCell", where));
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
