package dev.eos.avro.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SchemaFolderCheckTest {
    static final String V1 = """
            {"type":"record","name":"OrderCreated","namespace":"shop","fields":[
              {"name":"id","type":"string"}]}""";
    static final String V2_OPTIONAL = """
            {"type":"record","name":"OrderCreated","namespace":"shop","fields":[
              {"name":"id","type":"string"},
              {"name":"note","type":["null","string"],"default":null}]}""";
    static final String V3_REQUIRED = """
            {"type":"record","name":"OrderCreated","namespace":"shop","fields":[
              {"name":"id","type":"string"},
              {"name":"note","type":["null","string"],"default":null},
              {"name":"currency","type":"string"}]}""";
    static final String V_ID_REMOVED = """
            {"type":"record","name":"OrderCreated","namespace":"shop","fields":[
              {"name":"note","type":["null","string"],"default":null}]}""";

    @TempDir
    Path root;

    static Path write(Path root, String subject, String file, String content) throws IOException {
        Path folder = Files.createDirectories(root.resolve(subject));
        return Files.writeString(folder.resolve(file), content);
    }

    static Path resource(String name) throws URISyntaxException {
        return Path.of(SchemaFolderCheckTest.class.getResource("/" + name).toURI());
    }

    @Test
    void theExampleFolderOfTheDocsPasses() throws Exception {
        SchemaFolderReport report = SchemaFolderCheck.of(resource("schemas")).run();

        assertThat(report.problems()).isEmpty();
        report.throwIfIncompatible();
        SubjectReport orders = report.subject("orders").orElseThrow();
        assertThat(orders.level()).isEqualTo(CompatibilityLevel.FULL_TRANSITIVE);
        assertThat(orders.levelFromFile()).isTrue();
        assertThat(orders.versions()).extracting(VersionReport::version, VersionReport::status).containsExactly(
                tuple(1, VersionReport.Status.COMPATIBLE),
                tuple(2, VersionReport.Status.COMPATIBLE));
    }

    @Test
    void theBreakingExampleFailsNamingTheVersionTheFieldsAndTheRule() throws Exception {
        SchemaFolderReport report = SchemaFolderCheck.of(resource("schemas-breaking")).run();

        assertThat(report.passed()).isFalse();
        VersionReport v3 = report.subject("orders").orElseThrow().versions().get(2);
        assertThat(v3.status()).isEqualTo(VersionReport.Status.INCOMPATIBLE);
        assertThat(v3.incompatibilities()).extracting(SchemaIncompatibility::field)
                .contains("amountCents", "currency");
        assertThat(report.problems()).allSatisfy(p -> {
            assertThat(p.kind()).isEqualTo(SchemaProblem.Kind.INCOMPATIBLE);
            assertThat(p.file().getFileName()).hasToString("order_created.v3.avsc");
            assertThat(p.message()).startsWith("version 3 breaks FULL_TRANSITIVE");
        });
        assertThatThrownBy(report::throwIfIncompatible).isInstanceOf(SchemaCheckFailedException.class)
                .hasMessageContaining("orders v3 BREAKS FULL_TRANSITIVE (order_created.v3.avsc)")
                .hasMessageContaining("field 'currency': READER_FIELD_MISSING_DEFAULT_VALUE")
                .hasMessageContaining("FAILED");
    }

    @Test
    void subjectsWithoutACompatibilityFileUseTheDefaultLevel() throws IOException {
        write(root, "orders", "order.v1.avsc", V1);
        write(root, "orders", "order.v2.avsc", V_ID_REMOVED);   // backward compatible, not forward

        assertThat(SchemaFolderCheck.of(root).run().problems()).isEmpty();
        SchemaFolderReport forward = SchemaFolderCheck.of(root).withDefaultLevel(CompatibilityLevel.FORWARD).run();
        assertThat(forward.problems()).singleElement().satisfies(p -> {
            assertThat(p.kind()).isEqualTo(SchemaProblem.Kind.INCOMPATIBLE);
            assertThat(p.message()).contains("FORWARD against version 1: field 'id'");
        });
        assertThat(forward.subject("orders").orElseThrow().levelFromFile()).isFalse();
    }

    @Test
    void theCompatibilityFileOverridesTheDefaultLevel() throws IOException {
        write(root, "orders", "order.v1.avsc", V1);
        write(root, "orders", "order.v2.avsc", V_ID_REMOVED);
        write(root, "orders", "compatibility", "# consumers upgrade last\nforward\n");

        SchemaFolderReport report = SchemaFolderCheck.of(root).withDefaultLevel(CompatibilityLevel.NONE).run();

        assertThat(report.subject("orders").orElseThrow().level()).isEqualTo(CompatibilityLevel.FORWARD);
        assertThat(report.problems()).extracting(SchemaProblem::kind).containsExactly(SchemaProblem.Kind.INCOMPATIBLE);
    }

    @Test
    void anUnknownLevelInTheCompatibilityFileIsALayoutProblemNamingTheValue() throws IOException {
        write(root, "orders", "order.v1.avsc", V1);
        write(root, "orders", "compatibility", "STRICT\n");

        assertThat(SchemaFolderCheck.of(root).run().problems()).singleElement().satisfies(p -> {
            assertThat(p.kind()).isEqualTo(SchemaProblem.Kind.LAYOUT);
            assertThat(p.message()).contains("'STRICT'", "FULL_TRANSITIVE");
        });
    }

    @Test
    void versionsAreOrderedByNumberNotByName() throws IOException {
        for (int v = 1; v <= 10; v++) {
            // each version adds a field with a default; v10 must come after v9, not after v1 as names sort
            StringBuilder fields = new StringBuilder("{\"name\":\"id\",\"type\":\"string\"}");
            for (int f = 2; f <= v; f++) {
                fields.append(",{\"name\":\"f").append(f).append("\",\"type\":\"string\",\"default\":\"\"}");
            }
            write(root, "orders", "order.v" + v + ".avsc",
                    "{\"type\":\"record\",\"name\":\"O\",\"fields\":[" + fields + "]}");
        }
        write(root, "orders", "compatibility", "FORWARD");

        SchemaFolderReport report = SchemaFolderCheck.of(root).run();

        assertThat(report.problems()).isEmpty();
        assertThat(report.subject("orders").orElseThrow().versions()).extracting(VersionReport::version)
                .containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
        assertThat(report.subject("orders").orElseThrow().versions().get(9).message()).isEqualTo("FORWARD against v9");
    }

    @Test
    void aGapInVersionNumbersIsAnError() throws IOException {
        write(root, "orders", "order.v1.avsc", V1);
        write(root, "orders", "order.v2.avsc", V2_OPTIONAL);
        write(root, "orders", "order.v5.avsc", V2_OPTIONAL);

        assertThat(SchemaFolderCheck.of(root).run().problems()).singleElement().satisfies(p -> {
            assertThat(p.kind()).isEqualTo(SchemaProblem.Kind.LAYOUT);
            assertThat(p.message()).contains("versions 3, 4 missing between 1 and 5");
        });
    }

    @Test
    void aSchemaFileWithoutVersionAndADuplicateVersionAreLayoutProblems() throws IOException {
        write(root, "orders", "order.v1.avsc", V1);
        write(root, "orders", "order_placed.v01.avsc", V1);
        write(root, "orders", "order.avsc", V1);
        write(root, "orders", "README.md", "ignored");
        write(root, "orders", ".order.v2.avsc", "an editor's backup, ignored");

        assertThat(SchemaFolderCheck.of(root).run().problems()).extracting(SchemaProblem::kind, p -> p.file().getFileName().toString())
                .containsExactlyInAnyOrder(
                        tuple(SchemaProblem.Kind.LAYOUT, "order.avsc"),
                        tuple(SchemaProblem.Kind.LAYOUT, "order_placed.v01.avsc"));
    }

    @Test
    void anInvalidSchemaIsReportedWithItsFileAndAvrosMessageAndLaterVersionsAreNotChecked() throws IOException {
        write(root, "orders", "order.v1.avsc", V1);
        Path broken = write(root, "orders", "order.v2.avsc", """
                {"type":"record","name":"OrderCreated","fields":[{"name":"id","type":"strin"}]}""");
        write(root, "orders", "order.v3.avsc", V3_REQUIRED);

        SchemaFolderReport report = SchemaFolderCheck.of(root).run();

        assertThat(report.problems()).singleElement().satisfies(p -> {
            assertThat(p.kind()).isEqualTo(SchemaProblem.Kind.INVALID_SCHEMA);
            assertThat(p.file()).isEqualTo(broken);
            assertThat(p.message()).contains("version 2 is not a valid Avro schema", "Undefined schema: strin");
        });
        assertThat(report.subject("orders").orElseThrow().versions()).extracting(VersionReport::status).containsExactly(
                VersionReport.Status.COMPATIBLE, VersionReport.Status.INVALID, VersionReport.Status.NOT_CHECKED);
        assertThat(report.passed()).isFalse();
    }

    @Test
    void invalidJsonIsAnInvalidSchema() throws IOException {
        write(root, "orders", "order.v1.avsc", "{\"type\": \"record\",");

        assertThat(SchemaFolderCheck.of(root).run().problems()).extracting(SchemaProblem::kind)
                .containsExactly(SchemaProblem.Kind.INVALID_SCHEMA);
    }

    @Test
    void eachSubjectIsCheckedOnItsOwn() throws IOException {
        write(root, "orders", "order.v1.avsc", V1);
        write(root, "orders", "order.v2.avsc", V2_OPTIONAL);
        write(root, "payments", "payment.v1.avsc", V1.replace("OrderCreated", "Payment"));
        write(root, "payments", "payment.v2.avsc", V3_REQUIRED.replace("OrderCreated", "Payment"));

        SchemaFolderReport report = SchemaFolderCheck.of(root).run();

        assertThat(report.subjects()).extracting(SubjectReport::subject).containsExactly("orders", "payments");
        assertThat(report.problems()).extracting(SchemaProblem::subject).containsOnly("payments");
    }

    @Test
    void aRootWithoutSubjectFoldersFails() throws IOException {
        Files.writeString(root.resolve("order.v1.avsc"), V1);

        assertThat(SchemaFolderCheck.of(root).run().problems()).extracting(SchemaProblem::message)
                .anySatisfy(m -> assertThat(m).contains("lies in the root folder; move it into a subject folder"))
                .anySatisfy(m -> assertThat(m).contains("no subject folder"));
    }

    @Test
    void aMissingRootFolderIsRefusedNamingIt() {
        assertThatThrownBy(() -> SchemaFolderCheck.of(root.resolve("nope")).run())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("nope").hasMessageContaining("e.g. schemas/");
    }

    @Test
    void optionsAreImmutable() {
        SchemaFolderCheck base = SchemaFolderCheck.of(root);
        SchemaFolderCheck full = base.withDefaultLevel(CompatibilityLevel.FULL);
        assertThat(base.defaultLevel()).isEqualTo(CompatibilityLevel.BACKWARD);
        assertThat(full.defaultLevel()).isEqualTo(CompatibilityLevel.FULL);
        assertThat(base.registry()).isEmpty();
    }
}
