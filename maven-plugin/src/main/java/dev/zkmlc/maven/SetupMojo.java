package dev.zkmlc.maven;

import java.util.List;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;

/**
 * Makes each model's proving key ({@code target/zkmlc/<model>/pk.bin}) and verifying key
 * ({@code vk.bin}, also on the classpath as {@code zkmlc/<model>/vk.bin}) from the configured
 * {@code srs}, or from a development SRS when {@code devSrs} is set (with a warning). Compiles first
 * where needed; keys that are up to date for the circuit and the SRS are kept.
 */
@Mojo(name = "setup", defaultPhase = LifecyclePhase.GENERATE_RESOURCES, threadSafe = true)
public class SetupMojo extends AbstractZkmlcMojo {
    @Override
    public void execute() throws MojoExecutionException, MojoFailureException {
        if (skip) {
            getLog().info("zkmlc: skipped");
            return;
        }
        List<Model> models = models();
        for (Model m : models) {
            compile(m);
            setup(m);
        }
    }
}
