package dev.eos.examples.rekey;

import dev.eos.dsl.CompoundKey;
import dev.eos.dsl.Partitioner;
import dev.eos.dsl.Partitioners;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The {@code --partitioner} of the rekeying job: which bytes decide the target partition.
 *
 * <ul>
 *   <li>{@code default}: the whole new key, where a plain Kafka producer would put it;</li>
 *   <li>{@code prefix}: the first part of a compound key, so every {@code user:session} key of
 *       a user shares the partition of the plain {@code user} key;</li>
 *   <li>{@code field:NAME}: the field {@code NAME} of the JSON value, whatever the key.</li>
 * </ul>
 *
 * @param kind which of the three
 * @param field the value field for {@code field:NAME}, otherwise null
 */
record PartitionerChoice(Kind kind, String field) {

    enum Kind { DEFAULT, PREFIX, FIELD }

    static PartitionerChoice parse(String text) {
        if (text.equals("default")) {
            return new PartitionerChoice(Kind.DEFAULT, null);
        }
        if (text.equals("prefix")) {
            return new PartitionerChoice(Kind.PREFIX, null);
        }
        if (text.startsWith("field:") && text.length() > "field:".length()) {
            return new PartitionerChoice(Kind.FIELD, text.substring("field:".length()));
        }
        throw new IllegalArgumentException("--partitioner must be default, prefix or field:NAME, not '" + text + "'");
    }

    /** The sink partitioner for this choice. */
    Partitioner<? super String, ? super String> create(EventKeys keys) {
        return switch (kind) {
            case DEFAULT -> Partitioners.murmur2(new StringSerializer());
            case PREFIX -> Partitioners.byKeyPrefix(EventKeys.SEPARATOR);
            case FIELD -> Partitioners.byValueField((String json) -> keys.field(json, field), new StringSerializer());
        };
    }

    /** What the partitioner hashes for a record: records with equal units share a partition. */
    String unitOf(EventKeys keys, String key, String json) {
        return switch (kind) {
            case DEFAULT -> key;
            case PREFIX -> CompoundKey.prefix(EventKeys.SEPARATOR, key);
            case FIELD -> keys.field(json, field);
        };
    }

    /** The name of that unit, for the report: {@code user_id}, {@code user_id:session_id}. */
    String unitName(EventKeys keys) {
        return switch (kind) {
            case DEFAULT -> CompoundKey.of(EventKeys.SEPARATOR, keys.fields());
            case PREFIX -> keys.fields().get(0);
            case FIELD -> field;
        };
    }

    @Override
    public String toString() {
        return kind == Kind.FIELD ? "field:" + field : kind.name().toLowerCase(java.util.Locale.ROOT);
    }
}
