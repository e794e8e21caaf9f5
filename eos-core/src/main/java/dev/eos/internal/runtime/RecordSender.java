package dev.eos.internal.runtime;

import org.apache.kafka.clients.producer.ProducerRecord;

/** Where sinks and the dead-letter writer send serialized records: into the open transaction. */
interface RecordSender {
    /** Sends into the open transaction, beginning one if needed. Client errors surface as {@link SendFailure}. */
    void send(ProducerRecord<byte[], byte[]> record);

    /** The number of partitions of an existing topic. */
    int partitionCount(String topic);
}
