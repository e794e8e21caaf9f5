package dev.eos.examples.schemas;

import dev.eos.avro.registry.SchemaRegistryClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;

/**
 * What a consumer compiled against one schema version sees: a value in the Confluent wire
 * format (byte 0, a 4-byte schema id, Avro binary) decoded with the writer's schema (fetched by
 * id) resolved against this consumer's reader schema, so fields the reader does not know are
 * skipped and fields the writer did not have take the reader's default. The demo's old (v1) and
 * new (v2) consumers are two of these.
 */
final class ReaderSchemaDecoder {
    private final SchemaRegistryClient registry;
    private final Schema reader;
    private final Map<Integer, GenericDatumReader<GenericRecord>> byWriterId = new HashMap<>();
    private BinaryDecoder decoder;

    ReaderSchemaDecoder(SchemaRegistryClient registry, Schema reader) {
        this.registry = registry;
        this.reader = reader;
    }

    /** The schema id a wire-format value was written with. */
    static int schemaId(byte[] value) {
        if (value.length < 5 || value[0] != 0) {
            throw new IllegalArgumentException("Not in the Confluent wire format (first byte "
                    + (value.length == 0 ? "none" : value[0]) + ", expected 0)");
        }
        return ByteBuffer.wrap(value, 1, 4).getInt();
    }

    GenericRecord decode(byte[] value) {
        int id = schemaId(value);
        GenericDatumReader<GenericRecord> datumReader = byWriterId.computeIfAbsent(id,
                writerId -> new GenericDatumReader<>(registry.schemaById(writerId), reader));
        decoder = DecoderFactory.get().binaryDecoder(value, 5, value.length - 5, decoder);
        try {
            return datumReader.read(null, decoder);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not decode a value of schema id " + id + " with reader schema "
                    + reader.getFullName(), e);
        }
    }
}
