package dev.eos.avro.internal;

import dev.eos.avro.compat.CompatibilityLevel;
import dev.eos.avro.compat.CompatibilityReport;
import dev.eos.avro.compat.CompatibilityRules;
import dev.eos.avro.compat.SchemaIncompatibility;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.io.DatumReader;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;

/**
 * Which reader schema and data model decode data of a writer schema: the writer schema itself
 * (generic, as Confluent's deserializer), a given generated class, or the generated class named
 * like the writer schema.
 */
public abstract class ReaderChoice {

    /** A reader for data of {@code writer}, or a problem description (no topic, no id). */
    public record Choice(DatumReader<Object> reader, String problem) {
    }

    public abstract Choice readerFor(Schema writer);

    /** Generic records with the writer schema as reader schema. */
    public static ReaderChoice generic() {
        return new ReaderChoice() {
            @Override
            public Choice readerFor(Schema writer) {
                return new Choice(new GenericDatumReader<>(writer, writer, GenericData.get()), null);
            }
        };
    }

    /** Generated classes: {@code type}'s schema, or when null the class named like the writer schema. */
    public static ReaderChoice specific(Class<?> type) {
        return new ReaderChoice() {
            @Override
            public Choice readerFor(Schema writer) {
                Class<?> target = type;
                if (target == null) {
                    try {
                        target = GeneratedClassData.forContext().getClass(writer);
                    } catch (SecurityException e) {
                        return new Choice(null, "the writer schema names class " + writer.getFullName()
                                + ", which is not a generated Avro class and which Avro does not trust ("
                                + e.getMessage() + ")");
                    }
                    if (target == null || target == Object.class) {
                        return new Choice(null, "no generated class named " + writer.getFullName()
                                + " is on the class path (specific reading looks the class up by the writer schema's "
                                + "full name); add the generated class or read generic records");
                    }
                }
                SpecificData data = GeneratedClassData.forClass(target);
                Schema reader = data.getSchema(target);
                CompatibilityReport report = CompatibilityRules.check(CompatibilityLevel.BACKWARD, reader, Map.of(0, writer));
                if (!report.compatible()) {
                    return new Choice(null, "class " + target.getName() + " cannot read data written with schema "
                            + writer.getFullName() + ": " + report.incompatibilities().stream()
                            .map(ReaderChoice::describe).collect(Collectors.joining("; ")));
                }
                return new Choice(new SpecificDatumReader<>(writer, reader, data), null);
            }
        };
    }

    private static String describe(SchemaIncompatibility i) {
        return "field '" + i.field() + "': " + i.type() + " (" + i.message() + ")";
    }
}
