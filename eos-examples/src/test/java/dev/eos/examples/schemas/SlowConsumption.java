package dev.eos.examples.schemas;

import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerInterceptor;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * A consumer interceptor that sleeps {@value #MILLIS_PER_RECORD} ms per record polled (about 500
 * records a second), so a bridge run lasts seconds and a SIGKILL lands while transactions are open, without changing
 * the bridge's pipeline. Set by {@link BridgeChildMain} through {@code consumer.interceptor.classes}.
 */
public final class SlowConsumption implements ConsumerInterceptor<Object, Object> {
    static final int MILLIS_PER_RECORD = 2;

    @Override
    public ConsumerRecords<Object, Object> onConsume(ConsumerRecords<Object, Object> records) {
        long millis = (long) records.count() * MILLIS_PER_RECORD;
        if (millis > 0) {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return records;
    }

    @Override
    public void onCommit(Map<TopicPartition, OffsetAndMetadata> offsets) {
    }

    @Override
    public void close() {
    }

    @Override
    public void configure(Map<String, ?> configs) {
    }
}
