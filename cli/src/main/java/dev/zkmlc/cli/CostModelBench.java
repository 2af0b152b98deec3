package dev.zkmlc.cli;

import dev.zkmlc.circuit.backend.CompiledCircuit;
import dev.zkmlc.circuit.backend.LayoutStats;
import dev.zkmlc.frontend.input.TensorJson;
import dev.zkmlc.ir.Input;
import dev.zkmlc.ir.Tensor;
import dev.zkmlc.ir.fixed.FixedTensor;
import dev.zkmlc.optimizer.cost.CostProfile;
import dev.zkmlc.optimizer.cost.DefaultCostModel;
import dev.zkmlc.prover.plonk.Keys;
import dev.zkmlc.prover.plonk.Prover;
import dev.zkmlc.prover.plonk.Setup;
import dev.zkmlc.prover.srs.DevSrs;
import dev.zkmlc.prover.srs.Srs;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine;

/**
 * How well the default cost model predicts the real prover: for several models, backends, widths and table sizes,
 * compiles with a fixed layout, proves with a development SRS, and compares the estimate with the measured
 * process CPU time of witness generation plus proving. Prints one row per configuration, Spearman's rank
 * correlation and the median relative error.
 *
 * <p>Run from the project root: {@code java -cp cli/target/zkmlc.jar dev.zkmlc.cli.CostModelBench
 * [--profile other.json] [models...]} where each model is {@code path/to/model[.zk|.onnx]:path/to/input.json};
 * without models it uses the examples and, if present, corpus models. With {@code --profile} every row is also
 * estimated under that profile (a candidate default, e.g. from {@code zkmlc calibrate-cost}), so one set of proofs
 * compares both profiles.
 */
public final class CostModelBench {
    private static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    /** One compile: the backend pinned, with its knobs (width is ignored by the PLONK backends). */
    record Config(Path model, Path input, String backend, int width, int tableBits) {}

    record Row(Config config, LayoutStats stats, double estimate, double other, double measured) {}

    private CostModelBench() {}

    public static void main(String[] args) throws Exception {
        List<Path[]> models = new ArrayList<>();
        CostProfile otherProfile = null;
        if (args.length >= 2 && args[0].equals("--profile")) {
            otherProfile = CostProfile.fromJson(Files.readString(Path.of(args[1])), args[1]);
            args = Arrays.copyOfRange(args, 2, args.length);
        }
        if (args.length == 0) {
            models.add(new Path[] {Path.of("examples/mlp.zk"), Path.of("examples/mlp/input.json")});
            models.add(new Path[] {Path.of("examples/cnn.zk"), Path.of("examples/cnn/input.json")});
            Path corpus = corpus("2l_relu_fc");
            if (corpus != null) {
                models.add(new Path[] {corpus.resolve("network.onnx"), corpus.resolve("input.json")});
            }
        } else {
            for (String a : args) {
                String[] mi = a.split(":", 2);
                models.add(new Path[] {Path.of(mi[0]), Path.of(mi[1])});
            }
        }
        List<Config> configs = new ArrayList<>();
        for (Path[] m : models) {
            for (int[] wb : new int[][] {{6, 8}, {12, 8}, {24, 8}, {8, 12}}) {
                configs.add(new Config(m[0], m[1], "halo2", wb[0], wb[1]));
            }
            configs.add(new Config(m[0], m[1], "plonk", 3, 8));
            configs.add(new Config(m[0], m[1], "plonk", 3, 12));
            configs.add(new Config(m[0], m[1], "plonk-vanilla", 3, 8));
        }
        DefaultCostModel model = new DefaultCostModel(CostProfile.defaults());
        DefaultCostModel other = otherProfile == null ? null : new DefaultCostModel(otherProfile);
        Srs srs = null;
        int srsLog = -1;
        List<Row> rows = new ArrayList<>();
        System.out.println("model, backend, W, b, k, advice, lookups, estimate_cpu_s, "
                + (other == null ? "" : "other_profile_estimate_cpu_s, ") + "measured_cpu_s, measured/estimate");
        for (Config c : configs) {
            CompileCommand cmd = new CompileCommand();
            List<String> argv = new ArrayList<>(List.of(c.model().toString(), "-O1", "--backend", c.backend(),
                    "--table-bits", "" + c.tableBits()));
            if (c.backend().equals("halo2")) {
                argv.addAll(List.of("--width", "" + c.width()));
            }
            new CommandLine(cmd).parseArgs(argv.toArray(new String[0]));
            Pipeline.Compiled compiled = Pipeline.compile(cmd.model, cmd.quant, cmd.circuit, (p, g) -> { });
            var cs = compiled.circuit().constraintSystem();
            if (cs.k() > srsLog) {
                srsLog = cs.k();
                srs = DevSrs.generate((1 << srsLog) + 1, DevSrs.tau(1));
            }
            Keys keys = Setup.run(cs, srs);
            Map<String, Tensor> inputs = TensorJson.readInputs(c.input(), compiled.graph());
            Map<String, long[]> quantized = new LinkedHashMap<>();
            for (Input in : compiled.graph().inputs()) {
                quantized.put(in.name(), FixedTensor.quantize(inputs.get(in.name()), compiled.plan().scale(in.name())).toArray());
            }
            // One proof each: CPU time measures the work, not the other users of a shared machine.
            long t = OS.getProcessCpuTime();
            CompiledCircuit.WitnessResult w = compiled.circuit().witness(quantized);
            // CPU seconds of each prover phase (witness generation first), to see which count a model misjudges.
            Map<String, Double> phases = new LinkedHashMap<>();
            long[] mark = {t};
            String[] current = {"witness"};
            Prover.prove(keys.pk(), compiled.circuit().phased(w), new SecureRandom(), phase -> {
                long now = OS.getProcessCpuTime();
                phases.merge(current[0], (now - mark[0]) / 1e9, Double::sum);
                mark[0] = now;
                current[0] = phase;
            });
            long end = OS.getProcessCpuTime();
            phases.merge(current[0], (end - mark[0]) / 1e9, Double::sum);
            double best = (end - t) / 1e9;
            LayoutStats s = compiled.circuit().stats();
            double est = model.estimate(s).provingSeconds();
            double alt = other == null ? Double.NaN : other.estimate(s).provingSeconds();
            rows.add(new Row(c, s, est, alt, best));
            System.out.printf(Locale.ROOT, "%s, %s, %d, %d, %d, %d, %d, %.3f, %s%.3f, %.2f%n", c.model().getFileName(),
                    s.backend(), s.width(), c.tableBits(), s.k(), s.adviceColumns(), s.lookups(), est,
                    other == null ? "" : String.format(Locale.ROOT, "%.3f, ", alt), best, best / est);
            System.out.println("#   measured phases " + format(phases) + "; estimated phases "
                    + format((other == null ? model : other).estimate(s).secondsByPhase()));
        }
        summary("shipped profile", rows, Row::estimate);
        if (other != null) {
            summary("--profile", rows, Row::other);
        }
    }

    private static String format(Map<String, Double> seconds) {
        StringBuilder sb = new StringBuilder();
        seconds.forEach((k, v) -> sb.append(sb.length() == 0 ? "" : ", ").append(k)
                .append(String.format(Locale.ROOT, " %.3f", v)));
        return sb.toString();
    }

    private static void summary(String what, List<Row> rows, java.util.function.ToDoubleFunction<Row> estimate) {
        double[] est = rows.stream().mapToDouble(estimate).toArray();
        double[] meas = rows.stream().mapToDouble(Row::measured).toArray();
        double[] relErr = rows.stream().mapToDouble(r -> Math.abs(estimate.applyAsDouble(r) - r.measured()) / r.measured())
                .sorted().toArray();
        System.out.printf(Locale.ROOT, "%s: configurations: %d, Spearman rank correlation: %.3f, median relative error:"
                + " %.1f%%%n", what, rows.size(), spearman(est, meas), 100 * median(relErr));
    }

    /** A corpus model folder: shared/models/ezkl/NAME in the first folder above the working one that has it. */
    private static Path corpus(String name) {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path c = p.resolve("shared").resolve("models").resolve("ezkl").resolve(name);
            if (Files.isDirectory(c)) {
                return c;
            }
        }
        return null;
    }

    static double median(double[] sorted) {
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    /** Pearson correlation of the ranks (ties get their mean rank). */
    static double spearman(double[] a, double[] b) {
        double[] ra = ranks(a);
        double[] rb = ranks(b);
        double ma = Arrays.stream(ra).average().orElse(0);
        double mb = Arrays.stream(rb).average().orElse(0);
        double num = 0;
        double da = 0;
        double db = 0;
        for (int i = 0; i < ra.length; i++) {
            num += (ra[i] - ma) * (rb[i] - mb);
            da += (ra[i] - ma) * (ra[i] - ma);
            db += (rb[i] - mb) * (rb[i] - mb);
        }
        return num / Math.sqrt(da * db);
    }

    private static double[] ranks(double[] v) {
        Integer[] idx = new Integer[v.length];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = i;
        }
        Arrays.sort(idx, (x, y) -> Double.compare(v[x], v[y]));
        double[] r = new double[v.length];
        for (int i = 0; i < idx.length;) {
            int j = i;
            while (j + 1 < idx.length && v[idx[j + 1]] == v[idx[i]]) {
                j++;
            }
            for (int t = i; t <= j; t++) {
                r[idx[t]] = (i + j) / 2.0 + 1;
            }
            i = j + 1;
        }
        return r;
    }
}
