package dev.eos.avro.compat;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The executable jar built by {@code package} (classifier schema-check) runs on its own: the
 * shade plugin put everything the check needs inside, and the exit codes reach the shell.
 */
class SchemaCheckJarIT {

    private record Run(int exit, String out, String err) {
    }

    private static Path jar() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("target"))) {
            List<Path> jars = files.filter(p -> p.getFileName().toString().endsWith("-schema-check.jar")).toList();
            assertThat(jars).as("the schema-check jar in target/ (built by mvn package)").hasSize(1);
            return jars.get(0);
        }
    }

    private static Run run(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar().toString()));
        command.addAll(List.of(args));
        Path out = Files.createTempFile("schema-check", ".out");
        Path err = Files.createTempFile("schema-check", ".err");
        Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("java -jar did not finish within 60 s: " + command);
        }
        try {
            return new Run(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.delete(out);
            Files.delete(err);
        }
    }

    @Test
    void theJarPassesTheExampleFolderQuietly() throws Exception {
        Run run = run("src/test/resources/schemas");

        assertThat(run.exit()).as(run.out() + run.err()).isZero();
        assertThat(run.out()).contains("orders v2 OK (order_created.v2.avsc; FULL_TRANSITIVE against v1)", "PASSED");
        assertThat(run.err()).as("no SLF4J or other noise on stderr").isEmpty();
    }

    @Test
    void theJarExitsOneOnABreakingVersion() throws Exception {
        Run run = run("--default-level", "FULL", "src/test/resources/schemas-breaking");

        assertThat(run.exit()).as(run.out() + run.err()).isEqualTo(1);
        assertThat(run.out()).contains("orders v3 BREAKS FULL_TRANSITIVE", "field 'currency'");
    }

    @Test
    void theJarExitsTwoOnAnUnknownOption() throws Exception {
        Run run = run("--strict", "src/test/resources/schemas");

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("unknown option '--strict'");
    }
}
