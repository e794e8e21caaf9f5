package dev.eos.dsl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.apache.kafka.common.serialization.IntegerSerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;

/**
 * The built-in partitioners place records where a plain Kafka producer would. The reference is
 * the producer's own code: {@code BuiltInPartitioner.partitionForKey}, the static method a
 * {@code KafkaProducer} without a custom partitioner calls for a keyed record (public, in
 * kafka-clients' internals package, used here only as a test oracle), and the formula it
 * implements, {@code Utils.toPositive(Utils.murmur2(bytes)) % n}. The placement through a real
 * {@code KafkaProducer} on a broker is compared in eos-examples' {@code RekeyJobIT}.
 */
class PartitionersTest {
    private static final StringSerializer STRINGS = new StringSerializer();
    private static final int[] PARTITION_COUNTS = {1, 2, 3, 6, 7, 12, 100, 1024};

    @Test
    void murmur2_placesEveryKeyWhereTheProducersBuiltInPartitionerDoes() {
        Partitioner<String, Object> p = Partitioners.murmur2(STRINGS);
        for (int i = 0; i < 5_000; i++) {
            String key = "user-" + i + (i % 7 == 0 ? "-é✓" : "");
            byte[] bytes = key.getBytes(StandardCharsets.UTF_8);
            for (int n : PARTITION_COUNTS) {
                int expected = BuiltInPartitioner.partitionForKey(bytes, n);
                assertThat(p.partition("t", key, "v", n)).as("key %s, %d partitions", key, n).isEqualTo(expected);
                assertThat(expected).isEqualTo(Utils.toPositive(Utils.murmur2(bytes)) % n);
            }
        }
    }

    @Test
    void murmur2_usesTheGivenSerializer() {
        Partitioner<Integer, Object> p = Partitioners.murmur2(new IntegerSerializer());
        for (int key = -500; key < 500; key++) {
            byte[] bytes = new IntegerSerializer().serialize("t", key);
            assertThat(p.partition("t", key, null, 12)).isEqualTo(BuiltInPartitioner.partitionForKey(bytes, 12));
        }
    }

    @Test
    void murmur2_spreadsKeysOverAllPartitions() {
        Partitioner<String, Object> p = Partitioners.murmur2(STRINGS);
        Set<Integer> used = new HashSet<>();
        for (int i = 0; i < 1_000; i++) {
            used.add(p.partition("t", "k" + i, null, 12));
        }
        assertThat(used).hasSize(12);
    }

    @Test
    void murmur2_keepsTheSignOfNegativeHashesOutOfThePartition() {
        // murmur2("21") is negative; toPositive masks the sign bit, as the producer does, rather than abs().
        byte[] bytes = "21".getBytes(StandardCharsets.UTF_8);
        assertThat(Utils.murmur2(bytes)).isNegative();
        assertThat(Partitioners.murmur2(STRINGS).partition("t", "21", null, 7))
                .isEqualTo((Utils.murmur2(bytes) & 0x7fffffff) % 7);
    }

    @Test
    void murmur2_rejectsNullKeyNamingTheTopicAndStickyPartitioning() {
        assertThatThrownBy(() -> Partitioners.murmur2(STRINGS).partition("orders", null, "v", 3))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'orders'")
                .hasMessageContaining("null key")
                .hasMessageContaining("sticky");
    }

    @Test
    void murmur2_rejectsSerializerThatReturnsNull() {
        Partitioner<String, Object> p = Partitioners.murmur2((topic, key) -> null);
        assertThatThrownBy(() -> p.partition("t", "k", "v", 3)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void murmur2_rejectsNonPositivePartitionCount() {
        assertThatThrownBy(() -> Partitioners.murmur2(STRINGS).partition("t", "k", "v", 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("0 partitions");
    }

    @Test
    void byKeyPrefix_placesCompoundKeysWhereMurmur2PutsTheirPrefix() {
        Partitioner<String, Object> prefix = Partitioners.byKeyPrefix(":");
        Partitioner<String, Object> plain = Partitioners.murmur2(STRINGS);
        for (int user = 0; user < 500; user++) {
            for (int session = 0; session < 5; session++) {
                String key = CompoundKey.of(":", "user-" + user, "s" + session);
                for (int n : PARTITION_COUNTS) {
                    assertThat(prefix.partition("t", key, null, n)).isEqualTo(plain.partition("t", "user-" + user, null, n));
                }
            }
        }
    }

    @Test
    void byKeyPrefix_placesKeyWithoutSeparatorLikeMurmur2() {
        assertThat(Partitioners.byKeyPrefix("::").partition("t", "user-7", null, 12))
                .isEqualTo(Partitioners.murmur2(STRINGS).partition("t", "user-7", null, 12));
    }

    @Test
    void byKeyPrefix_splitsAtTheFirstSeparatorOnly() {
        assertThat(Partitioners.byKeyPrefix(":").partition("t", "u1:s1:x", null, 100))
                .isEqualTo(Partitioners.murmur2(STRINGS).partition("t", "u1", null, 100));
    }

    @Test
    void byKeyPrefix_rejectsEmptySeparatorAndNullKey() {
        assertThatThrownBy(() -> Partitioners.byKeyPrefix("")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Partitioners.byKeyPrefix(":").partition("t", null, "v", 3))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("null key");
    }

    record Order(String id, String customerId) {
    }

    @Test
    void byValueField_placesRecordsWhereMurmur2PutsTheField() {
        Partitioner<Object, Order> p = Partitioners.byValueField(Order::customerId, STRINGS);
        for (int i = 0; i < 1_000; i++) {
            Order order = new Order("o" + i, "c" + (i % 37));
            assertThat(p.partition("t", "any-key-" + i, order, 12))
                    .isEqualTo(BuiltInPartitioner.partitionForKey(order.customerId().getBytes(StandardCharsets.UTF_8), 12));
        }
    }

    @Test
    void byValueField_rejectsNullValueAndNullField() {
        Partitioner<Object, Order> p = Partitioners.byValueField(Order::customerId, STRINGS);
        assertThatThrownBy(() -> p.partition("t", "k", null, 3))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("null value field");
        assertThatThrownBy(() -> p.partition("t", "k", new Order("o1", null), 3))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("null value field");
    }

    @Test
    void partitioners_fitProducedOfTheirKeyAndValueTypes() {
        Produced<String, Order> produced = Produced.with(
                org.apache.kafka.common.serialization.Serdes.String(), new OrderSerdeStub());
        assertThat(produced.withPartitioner(Partitioners.murmur2(STRINGS)).partitioner()).isPresent();
        assertThat(produced.withPartitioner(Partitioners.byKeyPrefix(":")).partitioner()).isPresent();
        assertThat(produced.withPartitioner(Partitioners.byValueField(Order::customerId, STRINGS)).partitioner())
                .isPresent();
    }

    @Test
    void partitioners_describeThemselves() {
        assertThat(Partitioners.byKeyPrefix(":")).hasToString("Partitioners.byKeyPrefix(\":\")");
        assertThat(Partitioners.murmur2(STRINGS)).hasToString("Partitioners.murmur2(StringSerializer)");
    }

    private static final class OrderSerdeStub implements org.apache.kafka.common.serialization.Serde<Order> {
        @Override
        public org.apache.kafka.common.serialization.Serializer<Order> serializer() {
            return (topic, order) -> order.id().getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public org.apache.kafka.common.serialization.Deserializer<Order> deserializer() {
            return (topic, bytes) -> new Order(new String(bytes, StandardCharsets.UTF_8), null);
        }
    }
}
