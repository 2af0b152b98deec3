package dev.zkmlc.maven;

import java.util.List;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;

/**
 * Compiles every model under {@code src/main/zk} and {@code src/main/onnx} into
 * {@code target/zkmlc/<model>/} (circuit and compile report), and puts the circuits on the classpath
 * under {@code zkmlc/<model>/}. A model whose sources, options and zkmlc version are unchanged is not
 * compiled again.
 */
@Mojo(name = "compile", defaultPhase = LifecyclePhase.GENERATE_RESOURCES, threadSafe = true)
public class CompileMojo extends AbstractZkmlcMojo {
    @Override
    public void execute() throws MojoExecutionException, MojoFailureException {
        if (skip) {
            getLog().info("zkmlc: skipped");
            return;
        }
        List<Model> models = models();
        if (models.isEmpty()) {
            getLog().info("zkmlc: no models under " + zkDirectory + " or " + onnxDirectory);
            return;
        }
        for (Model m : models) {
            compile(m);
        }
    }
}
