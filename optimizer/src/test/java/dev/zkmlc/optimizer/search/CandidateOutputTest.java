package dev.zkmlc.optimizer.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zkmlc.backend.halo2.Halo2StyleBackend;
import dev.zkmlc.optimizer.cost.CostProfile;
import dev.zkmlc.optimizer.cost.DefaultCostModel;
import dev.zkmlc.optimizer.strategy.LayoutStrategy;
import dev.zkmlc.optimizer.strategy.Strategies;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

class CandidateOutputTest {
    private static List<CandidateRow> rows() {
        LayoutEvaluator ev = new LayoutEvaluator(Programs.dense(2, 16, 300), new Halo2StyleBackend(),
                new DefaultCostModel(CostProfile.defaults()), LayoutEvaluator.Limits.defaults());
        List<CandidateRow> rows = new ArrayList<>();
        for (LayoutStrategy s : Strategies.all(new SearchSpace(List.of(4, 8, 16), List.of(4, 8)))) {
            SearchResult r = s.search(ev);
            for (Evaluation e : r.considered()) {
                rows.add(new CandidateRow(s.name(), e == r.chosen(), e));
            }
        }
        return rows;
    }

    @Test
    void csvHasOneWellFormedRowPerCandidateAndOneChoicePerStrategy() {
        List<CandidateRow> rows = rows();
        String[] lines = CandidateCsv.write(rows).split("\n");
        assertEquals(CandidateCsv.HEADER, lines[0]);
        assertEquals(rows.size() + 1, lines.length);
        int columns = CandidateCsv.HEADER.split(",").length;
        for (String strategy : Strategies.NAMES) {
            long chosen = 0;
            for (int i = 1; i < lines.length; i++) {
                String[] f = lines[i].split(",", -1);
                if (f[0].equals(strategy) && f[1].equals("true")) {
                    chosen++;
                }
            }
            assertEquals(1, chosen, strategy);
        }
        boolean anyRejected = false;
        for (int i = 1; i < lines.length; i++) {
            String[] f = lines[i].split(",", -1);
            if (f[f.length - 1].isEmpty()) {
                assertEquals(columns, f.length, lines[i]);
                assertTrue(Double.parseDouble(f[13]) > 0, lines[i]);
                assertTrue(Long.parseLong(f[7]) == 1L << Integer.parseInt(f[5]), lines[i]);
                assertTrue(Integer.parseInt(f[4]) >= 1, lines[i]);
            } else {
                anyRejected = true;
                assertTrue(lines[i].contains("\"") && f[5].isEmpty(), lines[i]);
            }
        }
        assertTrue(anyRejected, "W=4 is narrower than the backend allows");
    }

    @Test
    void plotIsValidSvgWithADotPerFeasibleCandidateAndTheFrontRinged() throws Exception {
        List<CandidateRow> rows = rows();
        String svg = TradeOffPlot.write("dense <2> & \"small\"", rows);
        Document d = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
        assertEquals("svg", d.getDocumentElement().getNodeName());
        long distinct = rows.stream().map(CandidateRow::evaluation).filter(Evaluation::isFeasible)
                .map(Evaluation::options).distinct().count();
        long front = Pareto.widthRows(rows.stream().map(CandidateRow::evaluation).distinct().toList()).stream()
                .map(Evaluation::options).distinct().count();
        assertEquals(distinct + front + 1, d.getElementsByTagName("circle").getLength());
        assertEquals(distinct, d.getElementsByTagName("title").getLength());
        assertTrue(svg.contains("Pareto front"));
    }

    @Test
    void paretoFrontKeepsOnlyUndominatedPoints() {
        List<Evaluation> es = rows().stream().map(CandidateRow::evaluation).filter(Evaluation::isFeasible).toList();
        List<Evaluation> front = Pareto.widthRows(es);
        assertTrue(!front.isEmpty());
        for (Evaluation f : front) {
            for (Evaluation e : es) {
                boolean dominates = e.stats().width() <= f.stats().width() && e.stats().usedRows() <= f.stats().usedRows()
                        && (e.stats().width() < f.stats().width() || e.stats().usedRows() < f.stats().usedRows());
                assertTrue(!dominates, e.options() + " dominates " + f.options());
            }
        }
    }
}
