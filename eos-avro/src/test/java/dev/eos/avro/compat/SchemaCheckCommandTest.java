package dev.eos.avro.compat;

import static dev.eos.avro.compat.SchemaFolderCheckTest.V1;
import static dev.eos.avro.compat.SchemaFolderCheckTest.V2_OPTIONAL;
import static dev.eos.avro.compat.SchemaFolderCheckTest.V3_REQUIRED;
import static dev.eos.avro.compat.SchemaFolderCheckTest.write;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SchemaCheckCommandTest {
    @TempDir
    Path root;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeEach
    void twoCompatibleVersions() throws IOException {
        write(root, "orders", "order_created.v1.avsc", V1);
        write(root, "orders", "order_created.v2.avsc", V2_OPTIONAL);
    }

    private int run(String... args) {
        return new SchemaCheckCommand(Map.of()).run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void compatibleSchemasExitZeroWithOneLinePerVersionAndASummary() {
        assertThat(run(root.toString())).isEqualTo(SchemaCheckCommand.OK);

        assertThat(out().lines()).containsExactly(
                "orders v1 OK (order_created.v1.avsc; first version, rule BACKWARD, the default)",
                "orders v2 OK (order_created.v2.avsc; BACKWARD against v1)",
                "Checked 1 subject, 2 versions: 2 OK, 0 breaking, 0 invalid, 0 not checked; 0 layout problems. PASSED");
        assertThat(err()).isEmpty();
    }

    @Test
    void aBreakingVersionExitsOneNamingTheFieldAndTheRule() throws IOException {
        write(root, "orders", "order_created.v3.avsc", V3_REQUIRED);

        assertThat(run(root.toString())).isEqualTo(SchemaCheckCommand.FAILED);

        assertThat(out()).contains("orders v3 BREAKS BACKWARD (order_created.v3.avsc): BACKWARD against"
                + " version 2: field 'currency': READER_FIELD_MISSING_DEFAULT_VALUE");
        assertThat(out().lines().reduce((a, b) -> b).orElseThrow()).endsWith("FAILED (1 problem)");
    }

    @Test
    void theDefaultLevelFlagAppliesToSubjectsWithoutARuleFile() throws IOException {
        write(root, "orders", "order_created.v3.avsc", V3_REQUIRED);   // breaks BACKWARD only

        assertThat(run("--default-level", "FORWARD", root.toString())).isEqualTo(SchemaCheckCommand.OK);
        assertThat(run("--default-level=full", root.toString())).isEqualTo(SchemaCheckCommand.FAILED);
    }

    @Test
    void anInvalidSchemaExitsOneWithTheFileAndAvrosMessage() throws IOException {
        write(root, "orders", "order_created.v3.avsc", "{\"type\":\"recrd\"}");

        assertThat(run(root.toString())).isEqualTo(SchemaCheckCommand.FAILED);
        assertThat(out()).contains("orders v3 INVALID (order_created.v3.avsc): SchemaParseException: A schema \"type\" MUST be");
    }

    @Test
    void anUnknownFlagIsAUsageErrorNamingIt() {
        assertThat(run("--strict", root.toString())).isEqualTo(SchemaCheckCommand.USAGE);
        assertThat(err()).contains("unknown option '--strict'", "Usage:");
        assertThat(out()).isEmpty();
    }

    @Test
    void aMissingFolderArgumentIsAUsageError() {
        assertThat(run()).isEqualTo(SchemaCheckCommand.USAGE);
        assertThat(err()).contains("missing the schema folder", "e.g. schemas/");
    }

    @Test
    void aFolderThatDoesNotExistIsAUsageErrorNamingIt() {
        assertThat(run(root.resolve("schemaz").toString())).isEqualTo(SchemaCheckCommand.USAGE);
        assertThat(err()).contains("schema folder '" + root.resolve("schemaz") + "' does not exist");
    }

    @Test
    void anUnknownLevelIsAUsageErrorListingTheLevels() {
        assertThat(run("--default-level", "STRICT", root.toString())).isEqualTo(SchemaCheckCommand.USAGE);
        assertThat(err()).contains("'STRICT'", "BACKWARD_TRANSITIVE");
    }

    @Test
    void aFlagWithoutItsValueIsAUsageError() {
        assertThat(run(root.toString(), "--default-level")).isEqualTo(SchemaCheckCommand.USAGE);
        assertThat(err()).contains("--default-level needs a value");
    }

    @Test
    void twoFoldersAreAUsageError() {
        assertThat(run(root.toString(), root.toString())).isEqualTo(SchemaCheckCommand.USAGE);
    }

    @Test
    void aRegistryUrlWithCredentialsIsRefusedWithoutPrintingThem() {
        assertThat(run("--registry-url", "http://alice:s3cret@localhost:8081", root.toString()))
                .isEqualTo(SchemaCheckCommand.USAGE);
        assertThat(err()).contains("SCHEMA_REGISTRY_USER_INFO").doesNotContain("s3cret");
    }

    @Test
    void helpPrintsTheUsageAndExitsZero() {
        assertThat(run("--help")).isEqualTo(SchemaCheckCommand.OK);
        assertThat(out()).contains("--default-level", "--registry-url", "Exit codes");
    }
}
