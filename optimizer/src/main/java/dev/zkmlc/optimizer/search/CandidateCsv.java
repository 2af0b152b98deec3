package dev.zkmlc.optimizer.search;

import dev.zkmlc.circuit.backend.LayoutStats;
import java.util.List;
import java.util.Locale;

/**
 * The CSV of {@code zkmlc layout}: one row per candidate per strategy, with its knobs, the dry run's counts
 * and the cost model's estimate; rejected candidates keep their reason and leave the counts empty.
 */
public final class CandidateCsv {
    public static final String HEADER = "strategy,chosen,width,table_bits,table_segments,k,rows,total_rows,advice_columns,fixed_columns,"
            + "columns,lookups,copies,est_seconds,est_memory_bytes,est_proof_bytes,pareto,backend,plan,rejection";

    private CandidateCsv() {}

    public static String write(List<CandidateRow> rows) {
        List<Evaluation> all = rows.stream().map(CandidateRow::evaluation).toList();
        List<Evaluation> front = Pareto.widthRows(all);
        StringBuilder sb = new StringBuilder(HEADER).append('\n');
        for (CandidateRow r : rows) {
            Evaluation e = r.evaluation();
            sb.append(r.strategy()).append(',').append(r.chosen()).append(',').append(e.options().width()).append(',')
                    .append(e.options().tableBits()).append(',').append(e.options().tableSegments()).append(',');
            if (e.isFeasible()) {
                LayoutStats s = e.stats();
                sb.append(String.format(Locale.ROOT, "%d,%d,%d,%d,%d,%d,%d,%d,%.6f,%d,%d,%b,",
                        s.k(), s.usedRows(), s.totalRows(), s.adviceColumns(), s.fixedColumns(),
                        s.adviceColumns() + s.fixedColumns() + s.instanceColumns(), s.lookups(), s.copies(),
                        e.cost().provingSeconds(), e.cost().peakMemoryBytes(), e.cost().proofBytes(), front.contains(e)));
                sb.append(s.backend()).append(',').append(r.plan().isEmpty() ? "" : quote(r.plan())).append(',');
            } else {
                sb.append(",,,,,,,,,,,false,,").append(r.plan().isEmpty() ? "" : quote(r.plan())).append(',')
                        .append(quote(e.rejection()));
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    private static String quote(String s) {
        return '"' + s.replace("\"", "\"\"").replace('\n', ' ') + '"';
    }
}
