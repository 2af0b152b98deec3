package dev.zkmlc.maven;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.zkmlc.cli.Zkmlc;
import java.io.File;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.maven.model.Resource;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;

/**
 * What every zkmlc goal shares: which models the build has, how they are compiled (the options of
 * {@code zkmlc compile}), where the artifacts go, and the steps that make them when they are out of date.
 */
abstract class AbstractZkmlcMojo extends AbstractMojo {
    /** Classpath folder the circuits and verifying keys land under: {@code zkmlc/<model>/vk.bin}. */
    static final String RESOURCE_FOLDER = "zkmlc";
    private static final Pattern MODEL_DECLARATION = Pattern.compile("(?m)^\\s*model\\s+[A-Za-z_]");

    @Parameter(defaultValue = "${project}", readonly = true, required = true)
    MavenProject project;

    /** Where the .zk models are. */
    @Parameter(property = "zkmlc.zkDirectory", defaultValue = "${project.basedir}/src/main/zk")
    File zkDirectory;

    /** Where the ONNX models are. */
    @Parameter(property = "zkmlc.onnxDirectory", defaultValue = "${project.basedir}/src/main/onnx")
    File onnxDirectory;

    /** Models to compile, as globs relative to their source directory (default: every .zk and .onnx file). */
    @Parameter
    List<String> includes = new ArrayList<>();

    /** Models to leave out, as globs relative to their source directory (e.g. {@code lib/**} for .zk helpers). */
    @Parameter
    List<String> excludes = new ArrayList<>();

    /** Where each model's artifacts go: {@code <outputDirectory>/<model>/}. */
    @Parameter(property = "zkmlc.outputDirectory", defaultValue = "${project.build.directory}/zkmlc")
    File outputDirectory;

    /** The resource root that puts the circuits and verifying keys on the project's classpath. */
    @Parameter(defaultValue = "${project.build.directory}/generated-resources/zkmlc")
    File resourcesDirectory;

    /** Optimisation level, 0..3 ({@code -O}). */
    @Parameter(property = "zkmlc.optimizationLevel", defaultValue = "2")
    int optimizationLevel;

    /** Backend that lays out the circuit ({@code --backend}). */
    @Parameter(property = "zkmlc.backend", defaultValue = "halo2")
    String backend;

    /** Advice columns per row ({@code --width}; default: the backend's). */
    @Parameter(property = "zkmlc.width")
    Integer width;

    /** Bits of the range-check lookup table ({@code --table-bits}; default: the backend's). */
    @Parameter(property = "zkmlc.tableBits")
    Integer tableBits;

    /** Quantization target: accuracy or resources ({@code --target}). */
    @Parameter(property = "zkmlc.target", defaultValue = "accuracy")
    String target;

    /** Fixed-point scale exponent for inputs, activations and weights ({@code --scale}). */
    @Parameter(property = "zkmlc.scale")
    Integer scale;

    /** Visibility of every model input: public, private, fixed or hashed (default: as the model declares). */
    @Parameter(property = "zkmlc.inputVisibility")
    String inputVisibility;

    /** Visibility of every model output: public, private, fixed or hashed (default: as the model declares). */
    @Parameter(property = "zkmlc.outputVisibility")
    String outputVisibility;

    /** Visibility of the weights: private, fixed or hashed (default: as the model declares). */
    @Parameter(property = "zkmlc.paramVisibility")
    String paramVisibility;

    /** Calibration inputs ({@code --calibrate}), for every model. */
    @Parameter
    List<File> calibrationFiles = new ArrayList<>();

    /** Size for symbolic batch dimensions of ONNX inputs ({@code --batch}). */
    @Parameter(property = "zkmlc.batch", defaultValue = "1")
    int batch;

    /** The Powers-of-Tau file (snarkjs .ptau) that keys are made from. */
    @Parameter(property = "zkmlc.srs")
    File srs;

    /** Make keys from a development SRS with a known secret, when no {@code srs} is given: for tests only. */
    @Parameter(property = "zkmlc.devSrs", defaultValue = "false")
    boolean devSrs;

    /** Skip every zkmlc goal. */
    @Parameter(property = "zkmlc.skip", defaultValue = "false")
    boolean skip;

    /** Every model the configuration selects, in a stable order. */
    List<Model> models() throws MojoFailureException {
        List<Model> models = new ArrayList<>();
        scan(zkDirectory.toPath(), ".zk", models);
        scan(onnxDirectory.toPath(), ".onnx", models);
        Map<String, Model> byName = new HashMap<>();
        for (Model m : models) {
            Model other = byName.put(m.name(), m);
            if (other != null) {
                throw fail(m.file() + ": another model has the name '" + m.name() + "' (" + other.file()
                        + "); their artifacts would share " + m.outputDir() + ", so rename one or exclude it");
            }
        }
        return models;
    }

    private void scan(Path root, String extension, List<Model> into) throws MojoFailureException {
        if (!Files.isDirectory(root)) {
            return;
        }
        List<PathMatcher> in = matchers(includes);
        List<PathMatcher> ex = matchers(excludes);
        List<Path> found;
        try (Stream<Path> files = Files.walk(root)) {
            found = files.filter(Files::isRegularFile)
                    .filter(f -> f.getFileName().toString().toLowerCase().endsWith(extension))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw fail(root + ": cannot list models: " + e.getMessage());
        }
        for (Path f : found) {
            Path rel = root.relativize(f);
            if ((in.isEmpty() || matchesAny(in, rel)) && !matchesAny(ex, rel) && !isLibrary(f)) {
                String name = Model.nameOf(f);
                into.add(new Model(name, f, root, outputDirectory.toPath().resolve(name)));
            }
        }
    }

    /** A .zk file without a {@code model} block is a library other .zk files import, not a model to compile. */
    private static boolean isLibrary(Path file) throws MojoFailureException {
        if (!file.getFileName().toString().toLowerCase().endsWith(".zk")) {
            return false;
        }
        try {
            return !MODEL_DECLARATION.matcher(Files.readString(file)).find();
        } catch (IOException e) {
            throw new MojoFailureException(file + ": cannot read: " + e.getMessage());
        }
    }

    private static List<PathMatcher> matchers(List<String> globs) {
        List<PathMatcher> m = new ArrayList<>();
        for (String g : globs) {
            m.add(FileSystems.getDefault().getPathMatcher("glob:" + g));
            if (g.startsWith("**/")) {
                // "**/*.zk" should also select files directly in the source directory, as in Maven's own includes.
                m.add(FileSystems.getDefault().getPathMatcher("glob:" + g.substring(3)));
            }
        }
        return m;
    }

    private static boolean matchesAny(List<PathMatcher> matchers, Path rel) {
        return matchers.stream().anyMatch(p -> p.matches(rel));
    }

    /** The options every zkmlc command that reads a model takes, as given to {@code zkmlc compile}. */
    List<String> modelArgs(Model m) {
        List<String> a = new ArrayList<>();
        a.add(m.file().toString());
        a.add("-O");
        a.add(Integer.toString(optimizationLevel));
        a.add("--backend");
        a.add(backend);
        a.add("--target");
        a.add(target);
        a.add("--batch");
        a.add(Integer.toString(batch));
        if (scale != null) {
            a.add("--scale");
            a.add(scale.toString());
        }
        if (width != null) {
            a.add("--width");
            a.add(width.toString());
        }
        if (tableBits != null) {
            a.add("--table-bits");
            a.add(tableBits.toString());
        }
        option(a, "--input-visibility", inputVisibility);
        option(a, "--output-visibility", outputVisibility);
        option(a, "--param-visibility", paramVisibility);
        for (File c : calibrationFiles) {
            a.add("--calibrate");
            a.add(c.toString());
        }
        return a;
    }

    private static void option(List<String> args, String name, String value) {
        if (value != null && !value.isBlank()) {
            args.add(name);
            args.add(value.trim());
        }
    }

    /**
     * What a model's circuit is made from: the zkmlc version, the options, and every file under the
     * model's source directory (a .zk model reads its weights and helpers from there) and the calibration files.
     */
    String compileFingerprint(Model m) throws MojoFailureException {
        try {
            Fingerprint f = new Fingerprint().text("zkmlc " + Zkmlc.version()).text(String.join("\u0000", modelArgs(m)));
            List<Path> sources;
            try (Stream<Path> files = Files.walk(m.sourceRoot())) {
                sources = files.filter(Files::isRegularFile).sorted().toList();
            }
            for (Path p : sources) {
                f.file(p);
            }
            for (File c : calibrationFiles) {
                f.file(c.toPath());
            }
            return f.hex();
        } catch (IOException e) {
            throw fail(m.file() + ": cannot read the model's sources: " + e.getMessage());
        }
    }

    /** Compiles the model into its output directory unless circuit and report are up to date. */
    void compile(Model m) throws MojoFailureException, MojoExecutionException {
        String fingerprint = compileFingerprint(m);
        Path stamp = m.outputDir().resolve("compile.sha256");
        if (upToDate(stamp, fingerprint) && circuitFile(m) != null && Files.isRegularFile(m.reportFile())) {
            getLog().info("zkmlc: " + m.name() + " is up to date (unchanged model, options and zkmlc version); not recompiled");
        } else {
            getLog().info("zkmlc: compiling " + display(m.file()));
            deleteQuietly(stamp);
            // The encoding (JSON or binary) may change with the circuit: leave no stale circuit behind.
            for (String stale : List.of("circuit.bin", "circuit.json")) {
                deleteQuietly(m.outputDir().resolve(stale));
                deleteQuietly(resourcesDirectory.toPath().resolve(RESOURCE_FOLDER).resolve(m.name()).resolve(stale));
            }
            List<String> args = new ArrayList<>();
            args.add("compile");
            args.addAll(modelArgs(m));
            args.add("-o");
            args.add(m.outputDir().toString());
            ZkmlcRun run = run(args);
            run.out().forEach(l -> getLog().debug(l));
            writeStamp(stamp, fingerprint);
            getLog().info("zkmlc: " + m.name() + ": " + circuitSummary(m) + " -> " + m.outputDir());
        }
        Path circuit = circuitFile(m);
        if (circuit == null) {
            throw new MojoExecutionException(m.outputDir() + ": zkmlc compile wrote no circuit");
        }
        publish(m, circuit);
        publish(m, m.reportFile());
    }

    /** A path as the log shows it: relative to the project when inside it. */
    String display(Path p) {
        Path base = project.getBasedir().toPath();
        return p.startsWith(base) ? base.relativize(p).toString() : p.toString();
    }

    /**
     * Makes the proving and verifying keys of a compiled model unless they are up to date for its circuit
     * and the SRS, and puts the verifying key on the classpath.
     */
    void setup(Model m) throws MojoFailureException, MojoExecutionException {
        Path srsFile = srsFor(m);
        String fingerprint;
        try {
            fingerprint = new Fingerprint().text(compileFingerprint(m)).fileMetadata(srsFile).hex();
        } catch (IOException e) {
            throw fail(srsFile + ": " + e.getMessage());
        }
        Path stamp = m.outputDir().resolve("setup.sha256");
        Path pk = m.outputDir().resolve("pk.bin");
        Path vk = m.outputDir().resolve("vk.bin");
        if (upToDate(stamp, fingerprint) && Files.isRegularFile(pk) && Files.isRegularFile(vk)) {
            getLog().info("zkmlc: keys of " + m.name() + " are up to date; no new setup");
        } else {
            getLog().info("zkmlc: setup of " + m.name() + " from " + display(srsFile));
            deleteQuietly(stamp);
            List<String> args = new ArrayList<>();
            args.add("setup");
            args.addAll(modelArgs(m));
            args.add("--srs");
            args.add(srsFile.toString());
            args.add("-o");
            args.add(m.outputDir().toString());
            run(args);
            writeStamp(stamp, fingerprint);
            getLog().info("zkmlc: " + m.name() + ": wrote " + display(pk) + " and " + display(vk));
        }
        publish(m, vk);
    }

    /** The configured .ptau, or a development SRS big enough for the model, made once per size. */
    private Path srsFor(Model m) throws MojoFailureException, MojoExecutionException {
        if (srs != null) {
            if (!srs.isFile()) {
                throw fail(srs + ": no such file (the <srs> Powers-of-Tau file)");
            }
            return srs.toPath();
        }
        if (!devSrs) {
            throw fail("zkmlc: no SRS to make keys from: set <srs> to a Powers-of-Tau file (.ptau), "
                    + "or <devSrs>true</devSrs> for a development SRS (tests only)");
        }
        int power = circuitK(m) + 1;
        Path file = outputDirectory.toPath().resolve("dev-srs-" + power + ".ptau");
        getLog().warn("zkmlc: " + m.name() + ": keys from a DEVELOPMENT SRS (known secret); its proofs are not sound, "
                + "do not ship them: configure <srs> with a ceremony .ptau for production");
        if (!Files.isRegularFile(file)) {
            try {
                Files.createDirectories(file.getParent());
            } catch (IOException e) {
                throw new MojoExecutionException(file.getParent() + ": " + e.getMessage(), e);
            }
            run(List.of("srs", "--dev", "-k", Integer.toString(power), "-o", file.toString()));
        }
        return file;
    }

    /** Runs zkmlc; on failure, fails the build with zkmlc's own one-line message. */
    ZkmlcRun run(List<String> args) throws MojoFailureException {
        ZkmlcRun run = ZkmlcRun.of(args);
        for (String w : run.err()) {
            if (w.startsWith("WARNING")) {
                getLog().warn(w);
            } else if (run.ok()) {
                getLog().debug(w);
            }
        }
        if (!run.ok()) {
            MojoFailureException e = fail(run.failure());
            run.problem().stream().skip(1).forEach(l -> getLog().error(l));
            throw e;
        }
        return run;
    }

    /** The circuit a compile wrote (circuit.bin or circuit.json), or null. */
    static Path circuitFile(Model m) {
        for (String name : List.of("circuit.bin", "circuit.json")) {
            Path p = m.outputDir().resolve(name);
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        return null;
    }

    /** The circuit's size from the compile report: {@code k} (2^k rows). */
    int circuitK(Model m) throws MojoExecutionException {
        JsonNode k = report(m).path("circuit").path("k");
        if (!k.isInt()) {
            throw new MojoExecutionException(m.reportFile() + ": no circuit.k in the compile report");
        }
        return k.asInt();
    }

    private String circuitSummary(Model m) throws MojoExecutionException {
        JsonNode c = report(m).path("circuit");
        return "k=" + c.path("k").asText() + ", rows " + c.path("rows").asText() + ", columns " + c.path("columns").asText();
    }

    private JsonNode report(Model m) throws MojoExecutionException {
        try {
            return new ObjectMapper().readTree(m.reportFile().toFile());
        } catch (IOException e) {
            throw new MojoExecutionException(m.reportFile() + ": cannot read the compile report: " + e.getMessage(), e);
        }
    }

    /** Copies an artifact to {@code zkmlc/<model>/} under the generated resource root, on the project's classpath. */
    void publish(Model m, Path artifact) throws MojoExecutionException {
        Path dir = resourcesDirectory.toPath().resolve(RESOURCE_FOLDER).resolve(m.name());
        try {
            Files.createDirectories(dir);
            Files.copy(artifact, dir.resolve(artifact.getFileName()), StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.COPY_ATTRIBUTES);
        } catch (IOException e) {
            throw new MojoExecutionException(dir + ": cannot copy " + artifact + ": " + e.getMessage(), e);
        }
        String root = resourcesDirectory.getAbsolutePath();
        boolean registered = project.getResources().stream().anyMatch(r -> root.equals(new File(r.getDirectory()).getAbsolutePath()));
        if (!registered) {
            Resource r = new Resource();
            r.setDirectory(root);
            project.addResource(r);
        }
    }

    boolean upToDate(Path stamp, String fingerprint) throws MojoExecutionException {
        try {
            return Fingerprint.matches(stamp, fingerprint);
        } catch (IOException e) {
            throw new MojoExecutionException(stamp + ": " + e.getMessage(), e);
        }
    }

    static void writeStamp(Path stamp, String fingerprint) throws MojoExecutionException {
        try {
            Files.writeString(stamp, fingerprint + "\n");
        } catch (IOException e) {
            throw new MojoExecutionException(stamp + ": " + e.getMessage(), e);
        }
    }

    static void deleteQuietly(Path p) throws MojoExecutionException {
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            throw new MojoExecutionException(p + ": " + e.getMessage(), e);
        }
    }

    /** A build failure with one line: logged as the error itself, so no stack trace is needed to read it. */
    MojoFailureException fail(String message) {
        getLog().error(message);
        return new MojoFailureException(message);
    }
}
