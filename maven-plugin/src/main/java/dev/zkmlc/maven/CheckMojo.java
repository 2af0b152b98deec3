package dev.zkmlc.maven;

import dev.zkmlc.runtime.Verifier;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * For every sample input of a model ({@code src/test/zk-inputs/<model>.json} or
 * {@code src/test/zk-inputs/<model>/*.json}): builds the witness and runs the mock prover, which checks
 * every constraint and that the circuit's output equals the exact interpreter's. With {@code prove},
 * also makes keys, proves each input and verifies the proof: the full round trip. Proofs are written to
 * {@code target/zkmlc/<model>/proofs/<input>/}.
 */
@Mojo(name = "check", defaultPhase = LifecyclePhase.TEST, threadSafe = true)
public class CheckMojo extends AbstractZkmlcMojo {
    /** Where the sample inputs are. */
    @Parameter(property = "zkmlc.inputsDirectory", defaultValue = "${project.basedir}/src/test/zk-inputs")
    File inputsDirectory;

    /** Also prove every sample input and verify the proof (needs an {@code srs} or {@code devSrs}). */
    @Parameter(property = "zkmlc.prove", defaultValue = "false")
    boolean prove;

    /** Skip the check along with the project's tests. */
    @Parameter(property = "skipTests", defaultValue = "false")
    boolean skipTests;

    @Override
    public void execute() throws MojoExecutionException, MojoFailureException {
        if (skip || skipTests) {
            getLog().info("zkmlc: check skipped");
            return;
        }
        for (Model m : models()) {
            List<Path> inputs = inputsOf(m);
            if (inputs.isEmpty()) {
                getLog().info("zkmlc: " + m.name() + ": no sample inputs under " + display(inputsDirectory.toPath()));
                continue;
            }
            compile(m);
            if (prove) {
                setup(m);
            }
            for (Path input : inputs) {
                mock(m, input);
                if (prove) {
                    proveAndVerify(m, input);
                }
            }
        }
    }

    private List<Path> inputsOf(Model m) throws MojoFailureException {
        List<Path> inputs = new ArrayList<>();
        Path dir = inputsDirectory.toPath();
        Path single = dir.resolve(m.name() + ".json");
        if (Files.isRegularFile(single)) {
            inputs.add(single);
        }
        Path perModel = dir.resolve(m.name());
        if (Files.isDirectory(perModel)) {
            try (Stream<Path> files = Files.list(perModel)) {
                files.filter(f -> f.getFileName().toString().endsWith(".json")).sorted().forEach(inputs::add);
            } catch (IOException e) {
                throw fail(perModel + ": cannot list inputs: " + e.getMessage());
            }
        }
        return inputs;
    }

    private void mock(Model m, Path input) throws MojoFailureException {
        List<String> args = new ArrayList<>();
        args.add("mock");
        args.addAll(modelArgs(m));
        args.add("--input");
        args.add(input.toString());
        ZkmlcRun run = ZkmlcRun.of(args);
        run.err().stream().filter(l -> l.startsWith("WARNING")).forEach(l -> getLog().warn(l));
        if (run.exitCode() == 1) {
            // The mock prover said no: show its report (the located failing constraints), then fail.
            run.out().forEach(l -> getLog().error(l));
            throw fail(display(input) + ": the circuit of " + m.name() + " is not satisfied (see the failing constraints above)");
        }
        if (!run.ok()) {
            MojoFailureException e = fail(run.failure());
            run.problem().stream().skip(1).forEach(l -> getLog().error(l));
            throw e;
        }
        getLog().info("zkmlc: " + m.name() + ": " + display(input) + ": all constraints hold; outputs equal the exact interpreter's");
    }

    private void proveAndVerify(Model m, Path input) throws MojoFailureException, MojoExecutionException {
        String stem = Model.nameOf(input);
        Path dir = m.outputDir().resolve("proofs").resolve(stem);
        List<String> args = new ArrayList<>();
        args.add("prove");
        args.addAll(modelArgs(m));
        args.add("--pk");
        args.add(m.outputDir().resolve("pk.bin").toString());
        args.add("--input");
        args.add(input.toString());
        args.add("-o");
        args.add(dir.toString());
        run(args);
        Path proof = dir.resolve("proof.bin");
        Verifier.Result result;
        try {
            result = Verifier.load(m.outputDir().resolve("vk.bin")).verify(Files.readAllBytes(proof));
        } catch (IOException e) {
            throw new MojoExecutionException(proof + ": " + e.getMessage(), e);
        }
        if (!result.accepted()) {
            throw fail(display(proof) + ": the proof of " + m.name() + " on " + display(input) + " is rejected: " + result.reason());
        }
        getLog().info("zkmlc: " + m.name() + ": " + display(input) + ": proved and verified (" + display(proof) + ")");
    }
}
