package dev.eos.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;

/**
 * The Avro twin of {@link Workload} for {@code --workload avro}: the same users and skus, as a
 * {@code BenchOrder} record of eleven fields (strings, longs, an int, a double, an enum, a
 * boolean, a nullable string; {@code bench-order.avsc} in this module's resources) of about 100 bytes in Avro binary, and
 * the same transformation: re-key by the sku, upper-case the text.
 *
 * <pre>{@code
 * {"user": "user-00042", "sku": "sku-01234", "sequence": 7, ..., "note": "abcd..."}
 *     -> ("sku-01234", {"user": "USER-00042", "sku": "SKU-01234", "sequence": 7, ..., "note": "ABCD..."})
 * }</pre>
 */
final class AvroWorkload {
    /** The record's schema, parsed once. */
    static final Schema SCHEMA = parse();

    private static final int NOTE_LENGTH = 40;
    private static final List<String> CHANNELS = List.of("web", "app", "store");
    private static final char[] PADDING = "abcdefghijklmnopqrstuvwxyz0123456789".toCharArray();
    private static final long EPOCH_MILLIS = 1_798_761_600_000L; // 2027-01-01

    private final SplittableRandom random;

    AvroWorkload(long seed) {
        this.random = new SplittableRandom(seed);
    }

    /** The value of the input record with {@code key} ({@link Workload#nextKey}) and {@code sequence}. */
    GenericRecord valueFor(String key, long sequence) {
        GenericData.Record order = new GenericData.Record(SCHEMA);
        order.put("user", key);
        order.put("sku", "sku-" + String.format(Locale.ROOT, "%05d", random.nextInt(Workload.SKUS)));
        order.put("sequence", sequence);
        order.put("quantity", 1 + random.nextInt(20));
        order.put("unit_price", random.nextInt(100_000) / 100.0);
        Schema currency = SCHEMA.getField("currency").schema();
        order.put("currency", new GenericData.EnumSymbol(currency,
                currency.getEnumSymbols().get(random.nextInt(currency.getEnumSymbols().size()))));
        order.put("express", random.nextBoolean());
        order.put("created_at", EPOCH_MILLIS + sequence);
        order.put("channel", CHANNELS.get(random.nextInt(CHANNELS.size())));
        order.put("coupon", random.nextInt(4) == 0 ? "SAVE" + random.nextInt(100) : null);
        StringBuilder note = new StringBuilder(NOTE_LENGTH);
        while (note.length() < NOTE_LENGTH) {
            note.append(PADDING[random.nextInt(PADDING.length)]);
        }
        order.put("note", note.toString());
        return order;
    }

    /** The new key: the sku field. */
    static String newKey(GenericRecord value) {
        return value.get("sku").toString();
    }

    /**
     * The new value: a new record with every string field upper-cased (enum symbols stay as they
     * are), the other fields copied, like {@link Workload#newValue} upper-cases the String value.
     */
    static GenericRecord newValue(GenericRecord value) {
        GenericData.Record out = new GenericData.Record(value.getSchema());
        for (Schema.Field field : value.getSchema().getFields()) {
            Object v = value.get(field.pos());
            out.put(field.pos(), v instanceof CharSequence text ? text.toString().toUpperCase(Locale.ROOT) : v);
        }
        return out;
    }

    private static Schema parse() {
        try (InputStream in = AvroWorkload.class.getResourceAsStream("/bench-order.avsc")) {
            if (in == null) {
                throw new IllegalStateException("bench-order.avsc is missing from eos-bench's classpath");
            }
            return new Schema.Parser().parse(in);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read bench-order.avsc", e);
        }
    }
}
