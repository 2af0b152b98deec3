package dev.zkmlc.optimizer.search;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The SVG of {@code zkmlc layout --plot}: used rows (log scale) against width for every feasible candidate,
 * each dot coloured by estimated proving time (blue fast, red slow, log scale), the width/rows Pareto front
 * ringed and joined, and each strategy's choice labelled. Plain SVG 1.1, no scripts, opens in any browser.
 */
public final class TradeOffPlot {
    private static final int W = 760;
    private static final int H = 480;
    private static final int LEFT = 80;
    private static final int RIGHT = 150;
    private static final int TOP = 50;
    private static final int BOTTOM = 60;

    private TradeOffPlot() {}

    public static String write(String title, List<CandidateRow> rows) {
        Map<List<Integer>, Evaluation> points = new LinkedHashMap<>();
        Map<List<Integer>, List<String>> choices = new LinkedHashMap<>();
        for (CandidateRow r : rows) {
            Evaluation e = r.evaluation();
            if (!e.isFeasible()) {
                continue;
            }
            List<Integer> key = List.of(e.options().width(), e.options().tableBits(), e.options().minK(),
                    e.options().tableSegments());
            points.putIfAbsent(key, e);
            if (r.chosen()) {
                choices.computeIfAbsent(key, x -> new ArrayList<>()).add(r.strategy());
            }
        }
        List<Evaluation> es = new ArrayList<>(points.values());
        StringBuilder sb = new StringBuilder();
        sb.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        sb.append(String.format(Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" "
                        + "font-family=\"sans-serif\" font-size=\"12\">\n", W, H, W, H));
        sb.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        sb.append(text(W / 2.0, 24, "middle", 15, title));
        if (es.isEmpty()) {
            sb.append(text(W / 2.0, H / 2.0, "middle", 14, "no feasible candidate"));
            return sb.append("</svg>\n").toString();
        }
        double minW = es.stream().mapToDouble(e -> e.stats().width()).min().orElseThrow();
        double maxW = es.stream().mapToDouble(e -> e.stats().width()).max().orElseThrow();
        double minR = es.stream().mapToDouble(e -> log2(e.stats().usedRows())).min().orElseThrow();
        double maxR = es.stream().mapToDouble(e -> log2(e.stats().usedRows())).max().orElseThrow();
        double minT = es.stream().mapToDouble(e -> Math.log(e.seconds())).min().orElseThrow();
        double maxT = es.stream().mapToDouble(e -> Math.log(e.seconds())).max().orElseThrow();
        Axis x = new Axis(minW, maxW, LEFT, W - RIGHT);
        Axis y = new Axis(Math.floor(minR), Math.ceil(maxR), H - BOTTOM, TOP);

        sb.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"#444\"/>\n",
                LEFT, TOP, W - LEFT - RIGHT, H - TOP - BOTTOM));
        for (double v : x.ticks()) {
            sb.append(line(x.at(v), H - BOTTOM, x.at(v), H - BOTTOM + 5, "#444"));
            sb.append(text(x.at(v), H - BOTTOM + 18, "middle", 11, String.format(Locale.ROOT, "%.0f", v)));
        }
        for (double v = Math.floor(minR); v <= Math.ceil(maxR); v++) {
            sb.append(line(LEFT - 5, y.at(v), LEFT, y.at(v), "#444"));
            sb.append(line(LEFT, y.at(v), W - RIGHT, y.at(v), "#eee"));
            sb.append(text(LEFT - 8, y.at(v) + 4, "end", 11, "2^" + (int) v));
        }
        sb.append(text((LEFT + W - RIGHT) / 2.0, H - 18, "middle", 13, "width W (advice columns)"));
        sb.append(String.format(Locale.ROOT,
                "<text x=\"20\" y=\"%.1f\" text-anchor=\"middle\" font-size=\"13\" transform=\"rotate(-90 20 %.1f)\">used rows</text>\n",
                (TOP + H - BOTTOM) / 2.0, (TOP + H - BOTTOM) / 2.0));

        List<Evaluation> front = new ArrayList<>(Pareto.widthRows(es));
        front.sort(Comparator.comparingInt((Evaluation e) -> e.stats().width()));
        StringBuilder poly = new StringBuilder();
        for (Evaluation e : front) {
            poly.append(String.format(Locale.ROOT, "%.1f,%.1f ", x.at(e.stats().width()), y.at(log2(e.stats().usedRows()))));
        }
        sb.append("<polyline points=\"").append(poly.toString().trim())
                .append("\" fill=\"none\" stroke=\"black\" stroke-dasharray=\"4 3\"/>\n");
        for (Evaluation e : es) {
            double px = x.at(e.stats().width());
            double py = y.at(log2(e.stats().usedRows()));
            double t = maxT > minT ? (Math.log(e.seconds()) - minT) / (maxT - minT) : 0;
            sb.append(String.format(Locale.ROOT,
                    "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"5\" fill=\"%s\"><title>W=%d b=%d S=%d k=%d rows=%d est %.3f s</title></circle>\n",
                    px, py, colour(t), e.stats().width(), e.options().tableBits(), e.options().tableSegments(), e.stats().k(),
                    e.stats().usedRows(), e.seconds()));
            if (front.contains(e)) {
                sb.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"8\" fill=\"none\" stroke=\"black\"/>\n",
                        px, py));
            }
        }
        for (Map.Entry<List<Integer>, List<String>> c : choices.entrySet()) {
            Evaluation e = points.get(c.getKey());
            sb.append(text(x.at(e.stats().width()) + 9, y.at(log2(e.stats().usedRows())) - 9, "start", 11,
                    String.join(", ", c.getValue())));
        }
        legend(sb, Math.exp(minT), Math.exp(maxT));
        return sb.append("</svg>\n").toString();
    }

    private static void legend(StringBuilder sb, double fast, double slow) {
        int lx = W - RIGHT + 30;
        sb.append(text(lx, TOP - 8, "start", 11, "est. proving time"));
        int steps = 20;
        double h = (H - TOP - BOTTOM) / (double) steps;
        for (int i = 0; i < steps; i++) {
            sb.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%.1f\" width=\"16\" height=\"%.1f\" fill=\"%s\"/>\n",
                    lx, TOP + i * h, h + 0.5, colour(1 - (i + 0.5) / steps)));
        }
        sb.append(text(lx + 22, TOP + 10, "start", 11, String.format(Locale.ROOT, "%.3g s", slow)));
        sb.append(text(lx + 22, H - BOTTOM, "start", 11, String.format(Locale.ROOT, "%.3g s", fast)));
        sb.append(String.format(Locale.ROOT, "<circle cx=\"%d\" cy=\"%d\" r=\"8\" fill=\"none\" stroke=\"black\"/>\n",
                lx + 8, H - 25));
        sb.append(text(lx + 22, H - 21, "start", 11, "Pareto front"));
    }

    /** Blue (t = 0) through green to red (t = 1). */
    static String colour(double t) {
        double hue = 240 * (1 - Math.max(0, Math.min(1, t)));
        return String.format(Locale.ROOT, "hsl(%.0f,75%%,45%%)", hue);
    }

    private static String text(double x, double y, String anchor, int size, String s) {
        return String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\" font-size=\"%d\">%s</text>\n",
                x, y, anchor, size, escape(s));
    }

    private static String line(double x1, double y1, double x2, double y2, String stroke) {
        return String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\"/>\n",
                x1, y1, x2, y2, stroke);
    }

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    private static double log2(double v) {
        return Math.log(Math.max(1, v)) / Math.log(2);
    }

    /** Maps [lo, hi] onto pixels [from, to] (to may be less than from: the y axis grows upwards). */
    private record Axis(double lo, double hi, double from, double to) {
        double at(double v) {
            double span = hi > lo ? hi - lo : 1;
            double pad = hi > lo ? 0.04 : 0.5;
            return from + (to - from) * ((v - lo) / span * (1 - 2 * pad) + pad);
        }

        List<Double> ticks() {
            List<Double> r = new ArrayList<>();
            double step = Math.max(1, Math.pow(2, Math.floor(Math.log((hi - lo) / 6 + 1) / Math.log(2))));
            for (double v = Math.ceil(lo / step) * step; v <= hi; v += step) {
                r.add(v);
            }
            if (r.isEmpty()) {
                r.add(lo);
            }
            return r;
        }
    }
}
