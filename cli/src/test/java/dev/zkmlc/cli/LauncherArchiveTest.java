package dev.zkmlc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code ./zkmlc} launcher's class data sharing: it dumps an archive once per jar and JVM, maps it only while it
 * matches, and never lets a failed dump fail or slow down later commands. The launcher runs in a copy of the project
 * root holding just the script and a stand-in jar, with a stand-in {@code java} on the PATH that records its arguments
 * (and, asked to dump an archive, writes one unless told to fail).
 */
class LauncherArchiveTest {
    @TempDir
    Path root;

    private Path jar;
    private Path jsa;
    private Path calls;

    @BeforeEach
    void projectWithAStandInJava() throws IOException {
        Files.copy(Path.of("..", "zkmlc"), root.resolve("zkmlc"), StandardCopyOption.COPY_ATTRIBUTES);
        jar = Files.writeString(Files.createDirectories(root.resolve("cli/target")).resolve("zkmlc.jar"), "jar");
        jsa = root.resolve("cli/target/zkmlc.jsa");
        calls = root.resolve("calls");
        javaStub("java");
        setOlder(jar, 60);
    }

    /** A java that appends its arguments to the calls file, and for a dump writes the archive (or fails if told). */
    private void javaStub(String dir) throws IOException {
        Path bin = Files.createDirectories(root.resolve(dir));
        Path java = bin.resolve("java");
        Files.writeString(java, "#!/usr/bin/env bash\n"
                + "echo \"$*\" >>'" + calls + "'\n"
                + "for a in \"$@\"; do case \"$a\" in -XX:ArchiveClassesAtExit=*)\n"
                + "  [ -f '" + root.resolve("fail-dump") + "' ] && exit 1\n"
                + "  echo archive >\"${a#-XX:ArchiveClassesAtExit=}\" ;; esac; done\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private List<String> launch(String javaDir, Map<String, String> env) throws IOException, InterruptedException {
        Files.deleteIfExists(calls);
        ProcessBuilder pb = new ProcessBuilder("bash", root.resolve("zkmlc").toString(), "--version");
        pb.environment().put("PATH", root.resolve(javaDir) + ":" + System.getenv("PATH"));
        pb.environment().remove("ZKMLC_NO_BUILD");
        pb.environment().remove("ZKMLC_JAVA_OPTS");
        pb.environment().putAll(env);
        pb.redirectErrorStream(true).redirectOutput(root.resolve("launcher.log").toFile());
        assertEquals(0, pb.start().waitFor(), Files.readString(root.resolve("launcher.log")));
        return Files.exists(calls) ? Files.readAllLines(calls) : new ArrayList<>();
    }

    private List<String> launch() throws IOException, InterruptedException {
        return launch("java", Map.of());
    }

    private static boolean dumps(String call) {
        return call.contains("-XX:ArchiveClassesAtExit=") && call.contains("ClassArchiveTraining");
    }

    private boolean maps(String call) {
        return call.contains("-XX:SharedArchiveFile=" + jsa) && call.endsWith("-jar " + jar + " --version");
    }

    private static void setOlder(Path file, int seconds) throws IOException {
        Files.setLastModifiedTime(file, FileTime.fromMillis(System.currentTimeMillis() - seconds * 1000L));
    }

    @Test
    void theFirstRunDumpsTheArchiveAndEveryRunMapsIt() throws Exception {
        List<String> first = launch();
        assertEquals(2, first.size(), first.toString());
        assertTrue(dumps(first.get(0)), first.get(0));
        assertTrue(maps(first.get(1)), first.get(1));
        assertTrue(Files.exists(jsa));
        List<String> second = launch();
        assertEquals(1, second.size(), second.toString());
        assertTrue(maps(second.get(0)), second.get(0));
    }

    @Test
    void aNewerJarIsNotRunWithTheOldArchiveButGetsItsOwn() throws Exception {
        launch();
        setOlder(jsa, 30);
        Files.setLastModifiedTime(jar, FileTime.fromMillis(System.currentTimeMillis() - 10_000));
        List<String> rebuilt = launch();
        assertEquals(2, rebuilt.size(), rebuilt.toString());
        assertTrue(dumps(rebuilt.get(0)), rebuilt.get(0));
        assertTrue(maps(rebuilt.get(1)), rebuilt.get(1));
    }

    @Test
    void withoutBuildingAStaleOrMissingArchiveIsNeitherDumpedNorMapped() throws Exception {
        List<String> missing = launch("java", Map.of("ZKMLC_NO_BUILD", "1"));
        assertEquals(1, missing.size(), missing.toString());
        assertFalse(missing.get(0).contains("SharedArchiveFile"), missing.get(0));
        launch();
        setOlder(jsa, 120);
        List<String> stale = launch("java", Map.of("ZKMLC_NO_BUILD", "1"));
        assertEquals(1, stale.size(), stale.toString());
        assertFalse(stale.get(0).contains("SharedArchiveFile"), stale.get(0));
    }

    @Test
    void anotherJvmGetsItsOwnArchive() throws Exception {
        launch();
        javaStub("other-java");
        List<String> other = launch("other-java", Map.of());
        assertEquals(2, other.size(), other.toString());
        assertTrue(dumps(other.get(0)), other.get(0));
        assertEquals(root.resolve("other-java/java").toString(), Files.readString(Path.of(jsa + ".for")).split(" ")[0]);
    }

    @Test
    void aFailedDumpRunsTheCommandWithoutAnArchiveAndIsNotRetriedForTheSameJar() throws Exception {
        Files.writeString(root.resolve("fail-dump"), "");
        List<String> first = launch();
        assertEquals(2, first.size(), first.toString());
        assertFalse(first.get(1).contains("SharedArchiveFile"), first.get(1));
        assertFalse(Files.exists(jsa));
        try (var leftovers = Files.list(root.resolve("cli/target"))) {
            assertTrue(leftovers.noneMatch(p -> p.toString().endsWith(".part")));
        }
        List<String> again = launch();
        assertEquals(1, again.size(), again.toString());
        assertFalse(again.get(0).contains("SharedArchiveFile"), again.get(0));
    }
}
