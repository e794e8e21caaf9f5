package dev.eos.avro.internal;

import dev.eos.avro.AvroDeserializationException;
import dev.eos.avro.AvroDeserializationException.Problem;
import dev.eos.avro.registry.SchemaRegistryClient;
import dev.eos.avro.registry.SchemaRegistryException;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DecoderFactory;

/**
 * Reads records in the Confluent wire format. Every problem with the bytes (no magic byte, an id
 * the registry does not know, data that does not decode with its writer schema, a class that
 * cannot read it) is an {@link AvroDeserializationException} naming the topic, the id and the problem, for
 * the deserialization error handler; a registry that cannot be reached stays a retriable
 * {@link dev.eos.avro.registry.SchemaRegistryUnavailableException}.
 *
 * <p>Hot path: the last id's reader is kept in one field, others in a map by id; the decoder is reused.
 */
public final class AvroRecordDeserializer {
    private final RegistryClients clients;
    private final SchemaRegistryClient client;
    private final ReaderChoice choice;
    private final String what;
    private final Map<Integer, Entry> byId = new ConcurrentHashMap<>();
    private final AtomicReference<BinaryDecoder> spare = new AtomicReference<>();
    private volatile Entry last;

    private record Entry(int id, Schema writer, DatumReader<Object> reader, String problem) {
    }

    public AvroRecordDeserializer(RegistryClients clients, ReaderChoice choice, boolean isKey) {
        this.clients = clients;
        this.client = clients.client();
        this.choice = choice;
        this.what = isKey ? "key" : "value";
    }

    public Object deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        if (data.length < WireFormat.HEADER_LENGTH || data[0] != WireFormat.MAGIC) {
            throw new AvroDeserializationException("Cannot deserialize the " + what + " of a record from topic '" + topic
                    + "': " + (data.length == 0 ? "it is empty" : data[0] != WireFormat.MAGIC
                    ? String.format("the first byte is 0x%02x, not the magic byte 0x00", data[0] & 0xff)
                    : "it has only " + data.length + " bytes, fewer than the 5-byte header")
                    + "; the data is not in the Confluent wire format (magic byte 0, 4-byte schema id, Avro binary). "
                    + "Was it written by another serializer (String, JSON, Avro without a registry)?",
                    topic, -1, Problem.NOT_WIRE_FORMAT, null);
        }
        int id = WireFormat.readId(data);
        if (id <= 0) {
            // registries hand out positive ids: corrupt bytes, not worth a registry call (which,
            // answered with a 5xx, would make the app wait for ever on a bad record)
            throw new AvroDeserializationException("Cannot deserialize the " + what + " of a record from topic '"
                    + topic + "': its header holds schema id " + id + ", and registries give out positive ids only;"
                    + " the bytes are not in the Confluent wire format or are corrupt", topic, id,
                    Problem.UNKNOWN_SCHEMA_ID, null);
        }
        Entry e = last;
        if (e == null || e.id != id) {
            e = entry(topic, id);
            last = e;
        }
        if (e.problem != null) {
            throw new AvroDeserializationException("Cannot deserialize the " + what + " of a record from topic '"
                    + topic + "' written with schema id " + id + ": " + e.problem, topic, id,
                    Problem.READER_INCOMPATIBLE, null);
        }
        BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(data, WireFormat.HEADER_LENGTH,
                data.length - WireFormat.HEADER_LENGTH, spare.getAndSet(null));
        try {
            Object value = e.reader.read(null, decoder);
            if (!decoder.isEnd()) {
                throw new IOException("bytes are left over after the record");
            }
            return value;
        } catch (IOException | AvroRuntimeException | IndexOutOfBoundsException | NegativeArraySizeException
                 | ClassCastException ex) {
            throw new AvroDeserializationException("Cannot deserialize the " + what + " of a record from topic '"
                    + topic + "': the data does not decode with its writer schema (schema id " + id + ", "
                    + e.writer.getFullName() + "): " + ex.getClass().getSimpleName()
                    + (ex.getMessage() == null ? "" : " " + ex.getMessage()), topic, id, Problem.UNDECODABLE, ex);
        } finally {
            spare.set(decoder);
        }
    }

    public void close() {
        clients.closeIfOwned();
    }

    private Entry entry(String topic, int id) {
        Entry e = byId.get(id);
        if (e != null) {
            return e;
        }
        Schema writer;
        try {
            writer = client.schemaById(id);
        } catch (SchemaRegistryException ex) {
            if (ex.status() == 404 && ex.errorCode() == SchemaRegistryException.SCHEMA_NOT_FOUND) {
                // not cached: an id can appear once a schema is registered in this registry
                throw new AvroDeserializationException("Cannot deserialize the " + what + " of a record from topic '"
                        + topic + "': schema id " + id + " is unknown to the registry at " + ex.url()
                        + " (error_code " + ex.errorCode() + ": " + ex.registryMessage() + "). Was the data "
                        + "written against another registry?", topic, id, Problem.UNKNOWN_SCHEMA_ID, ex);
            }
            throw ex;
        }
        ReaderChoice.Choice c = choice.readerFor(writer);
        e = new Entry(id, writer, c.reader(), c.problem());
        byId.put(id, e);
        return e;
    }
}
