package dev.eos.examples.schemas;

import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerInterceptor;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * A consumer interceptor that sleeps 1 ms per {@value #RECORDS_PER_MS} records polled, so a
 * bridge run lasts seconds and a SIGKILL lands while transactions are open, without changing
 * the bridge's pipeline. Set by {@link BridgeChildMain} through {@code consumer.interceptor.classes}.
 */
public final class SlowConsumption implements ConsumerInterceptor<Object, Object> {
    static final int RECORDS_PER_MS = 1;

    @Override
    public ConsumerRecords<Object, Object> onConsume(ConsumerRecords<Object, Object> records) {
        long millis = records.count() / RECORDS_PER_MS;
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
