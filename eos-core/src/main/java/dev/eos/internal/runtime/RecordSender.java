package dev.eos.internal.runtime;

import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

/** Where sinks and the dead-letter writer send serialized records: into the open transaction. */
interface RecordSender {
    /**
     * Sends into the open transaction, beginning one if needed. Client errors surface as
     * {@link SendFailure}; the returned future completes when the broker acknowledged the record.
     */
    Future<RecordMetadata> send(ProducerRecord<byte[], byte[]> record);

    /** The number of partitions of an existing topic. */
    int partitionCount(String topic);
}
