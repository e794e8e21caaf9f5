package dev.eos.avro.internal;

import dev.eos.avro.AvroSerdeConfig;
import dev.eos.avro.SubjectNameStrategy;
import dev.eos.avro.registry.RegisteredSchema;
import dev.eos.avro.registry.SchemaRegistryClient;
import dev.eos.avro.registry.SchemaRegistryException;
import dev.eos.avro.registry.SchemaRegistryUnavailableException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.IndexedRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.kafka.common.errors.SerializationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes records in the Confluent wire format. The hot path: the last (topic, schema object) pair is
 * kept in one field, so a stream of records of one schema makes no lookup at all; other pairs are in
 * a map by topic then schema (Avro caches a schema's hash, and the same object compares by
 * reference). Each pair holds its schema id and its {@link DatumWriter}; the output buffer and
 * encoder are reused. The registry is asked once per pair (and, with {@code use.latest.version},
 * again after {@code latest.cache.ttl.sec}).
 */
public final class AvroRecordSerializer {
    private final RegistryClients clients;
    private final SchemaRegistryClient client;
    private final boolean isKey;
    private final boolean specific;
    private final SubjectNameStrategy strategy;
    private final boolean autoRegister;
    private final boolean useLatest;
    private final long latestTtlNanos;
    /** How soon a stale latest schema, kept while the registry is away, is asked for again. */
    private static final long STALE_RETRY_NANOS = 30_000_000_000L;
    private static final Logger log = LoggerFactory.getLogger(AvroRecordSerializer.class);

    private final Map<String, Map<Schema, Target>> targets = new ConcurrentHashMap<>();
    private final AtomicReference<Buffers> spare = new AtomicReference<>();
    private volatile Target last;

    private record Target(String topic, Schema recordSchema, String subject, int id, Schema writeSchema,
                          DatumWriter<Object> writer, long refreshAtNanos) {
    }

    private static final class Buffers {
        final Output out = new Output();
        BinaryEncoder encoder;
    }

    /** A byte buffer that can be emptied and refilled without a new array. */
    private static final class Output extends ByteArrayOutputStream {
        Output() {
            super(256);
        }
    }

    /** @param specific write with generated classes' own data model (logical type conversions) */
    public AvroRecordSerializer(RegistryClients clients, AvroSerdeConfig config, boolean isKey, boolean specific) {
        this.clients = clients;
        this.client = clients.client();
        this.isKey = isKey;
        this.specific = specific;
        this.strategy = config.subjectNameStrategy(isKey);
        this.autoRegister = config.autoRegisterSchemas();
        this.useLatest = config.useLatestVersion();
        this.latestTtlNanos = client.config().latestCacheTtl().toNanos();
    }

    public byte[] serialize(String topic, IndexedRecord record) {
        if (record == null) {
            return null;
        }
        Schema schema = record.getSchema();
        Target t = last;
        if (t == null || t.recordSchema != schema || !t.topic.equals(topic)
                || (t.refreshAtNanos != Long.MAX_VALUE && System.nanoTime() - t.refreshAtNanos >= 0)) {
            t = target(topic, record);
            last = t;
        }
        Buffers b = spare.getAndSet(null);
        if (b == null) {
            b = new Buffers();
        }
        try {
            b.out.reset();
            b.out.write(WireFormat.MAGIC);
            b.out.write(t.id >>> 24);
            b.out.write(t.id >>> 16);
            b.out.write(t.id >>> 8);
            b.out.write(t.id);
            b.encoder = EncoderFactory.get().binaryEncoder(b.out, b.encoder);
            t.writer.write(record, b.encoder);
            b.encoder.flush();
            return b.out.toByteArray();
        } catch (IOException | AvroRuntimeException | NullPointerException | ClassCastException e) {
            b = new Buffers(); // the encoder may hold half a record
            throw new SerializationException("Cannot serialize a " + (isKey ? "key" : "value") + " of schema "
                    + schema.getFullName() + " for topic '" + topic + "' (subject '" + t.subject + "', schema id "
                    + t.id + "): the record does not match its schema: " + e.getMessage(), e);
        } finally {
            spare.set(b);
        }
    }

    public void close() {
        clients.closeIfOwned();
    }

    private Target target(String topic, IndexedRecord record) {
        Schema schema = record.getSchema();
        Map<Schema, Target> bySchema = targets.computeIfAbsent(topic, x -> new ConcurrentHashMap<>());
        Target t = bySchema.get(schema);
        if (t != null && (t.refreshAtNanos == Long.MAX_VALUE || System.nanoTime() - t.refreshAtNanos < 0)) {
            return t;
        }
        Target stale = t;
        try {
            t = resolve(topic, schema, record.getClass());
        } catch (SchemaRegistryUnavailableException e) {
            if (stale == null) {
                throw e;
            }
            // use.latest.version and the refresh found the registry away: the schema we have is
            // still the latest we know; stalling the app on it would help nobody
            log.warn("Could not refresh the latest schema of subject '{}' ({}); writing with the cached one, "
                    + "schema id {}, and trying again in {} s", stale.subject, e.getMessage(), stale.id,
                    STALE_RETRY_NANOS / 1_000_000_000L);
            Target kept = new Target(stale.topic, stale.recordSchema, stale.subject, stale.id, stale.writeSchema,
                    stale.writer, System.nanoTime() + Math.min(latestTtlNanos, STALE_RETRY_NANOS));
            bySchema.put(schema, kept);
            return kept;
        }
        bySchema.put(schema, t);
        return t;
    }

    private Target resolve(String topic, Schema schema, Class<?> recordClass) {
        String subject = strategy.subject(topic, isKey, schema);
        if (autoRegister) {
            int id = client.register(subject, schema);
            return new Target(topic, schema, subject, id, schema, writer(schema, recordClass), Long.MAX_VALUE);
        }
        if (useLatest) {
            RegisteredSchema latest = client.latestVersion(subject);
            DatumWriter<Object> writer = latest.schema().equals(schema) ? writer(schema, recordClass)
                    : new ByNameDatumWriter(latest.schema());
            long refreshAt = latestTtlNanos < 0 ? Long.MAX_VALUE : System.nanoTime() + latestTtlNanos;
            return new Target(topic, schema, subject, latest.id(), latest.schema(), writer, refreshAt);
        }
        int id;
        try {
            id = client.idOf(subject, schema);
        } catch (SchemaRegistryException e) {
            if (e.status() == 404) {
                throw new SerializationException("Schema " + schema.getFullName() + " for topic '" + topic
                        + "' is not registered under subject '" + subject + "' (registry: " + e.registryMessage()
                        + ") and " + AvroSerdeConfig.AUTO_REGISTER_SCHEMAS + "=false; register it first (for example "
                        + "from CI), or set " + AvroSerdeConfig.USE_LATEST_VERSION + "=true to write with the "
                        + "subject's latest schema", e);
            }
            throw e;
        }
        return new Target(topic, schema, subject, id, schema, writer(schema, recordClass), Long.MAX_VALUE);
    }

    private DatumWriter<Object> writer(Schema schema, Class<?> recordClass) {
        return specific ? new SpecificDatumWriter<>(schema, GeneratedClassData.forClass(recordClass))
                : new GenericDatumWriter<>(schema, GenericData.get());
    }
}
