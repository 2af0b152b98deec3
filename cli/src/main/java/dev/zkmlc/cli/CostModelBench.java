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

    /** One proof's process CPU seconds, in all and per prover phase (witness generation first). */
    record TimedProof(double cpuSeconds, Map<String, Double> phases) {}

    /** Builds the witness and proves it, timed by process CPU so that the figures see the phases a model misjudges. */
    static TimedProof timedProof(CompiledCircuit circuit, Map<String, long[]> inputs, Keys keys) {
        long start = OS.getProcessCpuTime();
        Map<String, Double> phases = new LinkedHashMap<>();
        long[] mark = {start};
        String[] current = {"witness"};
        CompiledCircuit.WitnessResult w = circuit.witness(inputs);
        Prover.prove(keys.pk(), circuit.phased(w), new SecureRandom(), phase -> {
            long now = OS.getProcessCpuTime();
            phases.merge(current[0], (now - mark[0]) / 1e9, Double::sum);
            mark[0] = now;
            current[0] = phase;
        });
        long end = OS.getProcessCpuTime();
        phases.merge(current[0], (end - mark[0]) / 1e9, Double::sum);
        return new TimedProof((end - start) / 1e9, phases);
    }

    private CostModelBench() {}

    public static void main(String[] args) throws Exception {
        List<Path[]> models = new ArrayList<>();
        CostProfile otherProfile = null;
        if (args.length >= 2 && args[0].equals("--profile")) {
            otherProfile = CostProfile.fromJson(Files.readString(Path.of(args[1])), args[1]);
            args = Arrays.copyOfRange(args, 2, args.length);
        }
        if (args.length >= 2 && args[0].equals("--plans")) {
            plans(Integer.parseInt(args[1]), Arrays.copyOfRange(args, 2, args.length), otherProfile);
            return;
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
            TimedProof proof = timedProof(compiled.circuit(), quantized, keys);
            Map<String, Double> phases = proof.phases();
            double best = proof.cpuSeconds();
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

    /**
     * {@code --plans RUNS "INPUT.json MODEL compile-options..." ...}: each argument is one plan, compiled with the
     * options as {@code zkmlc compile} takes them (e.g. {@code -O2 --backend halo2 --width 20 --table-bits 12
     * --table-segments 2 --param-visibility fixed}) and set up with a development SRS; then every plan is proved once
     * per round, RUNS rounds, the plans in turn (so that a change in the machine's load falls on all of them). Prints
     * every proof's process CPU time and wall time, phase by phase, then per plan the least and the median CPU time.
     * The first round pays for the JIT compiling what it has not seen yet; the later ones are the warm prover the
     * cost model counts.
     */
    private static void plans(int runs, String[] plans, CostProfile otherProfile) throws Exception {
        DefaultCostModel model = new DefaultCostModel(otherProfile == null ? CostProfile.defaults() : otherProfile);
        record Ready(String name, Pipeline.Compiled compiled, Keys keys, Map<String, long[]> inputs, LayoutStats stats,
                     double estimate, List<Double> cpu) {}
        List<Ready> ready = new ArrayList<>();
        for (String plan : plans) {
            String[] words = plan.trim().split("\\s+");
            CompileCommand cmd = new CompileCommand();
            new CommandLine(cmd).parseArgs(Arrays.copyOfRange(words, 1, words.length));
            Pipeline.Compiled compiled = Pipeline.compile(cmd.model, cmd.quant, cmd.circuit, (p, g) -> { });
            var cs = compiled.circuit().constraintSystem();
            Keys keys = Setup.run(cs, DevSrs.generate((1 << cs.k()) + 1, DevSrs.tau(1)));
            Map<String, Tensor> inputs = TensorJson.readInputs(Path.of(words[0]), compiled.graph());
            Map<String, long[]> quantized = new LinkedHashMap<>();
            for (Input in : compiled.graph().inputs()) {
                quantized.put(in.name(), FixedTensor.quantize(inputs.get(in.name()), compiled.plan().scale(in.name())).toArray());
            }
            LayoutStats s = compiled.circuit().stats();
            var est = model.estimate(s);
            String name = String.join(" ", Arrays.copyOfRange(words, 2, words.length));
            ready.add(new Ready(name, compiled, keys, quantized, s, est.provingSeconds(), new ArrayList<>()));
            System.out.println("# " + name + ": estimated phases " + format(est.secondsByPhase()) + "; " + s);
        }
        System.out.println("plan, k, W, lookups, segments, estimate_cpu_s, run, cpu_s, wall_s, phases (cpu s)");
        for (int run = 1; run <= runs; run++) {
            for (Ready r : ready) {
                long wall = System.nanoTime();
                TimedProof proof = timedProof(r.compiled().circuit(), r.inputs(), r.keys());
                r.cpu().add(proof.cpuSeconds());
                LayoutStats s = r.stats();
                System.out.printf(Locale.ROOT, "%s, %d, %d, %d, %d, %.3f, %d, %.3f, %.3f, %s%n", r.name(), s.k(), s.width(),
                        s.lookups(), s.tableSegments(), r.estimate(), run, proof.cpuSeconds(),
                        (System.nanoTime() - wall) / 1e9, format(proof.phases()));
            }
        }
        for (Ready r : ready) {
            double[] sorted = r.cpu().stream().mapToDouble(Double::doubleValue).sorted().toArray();
            System.out.printf(Locale.ROOT, "# %s: estimate %.3f, least %.3f, median %.3f CPU s over %d proofs%n", r.name(),
                    r.estimate(), sorted[0], median(sorted), sorted.length);
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
