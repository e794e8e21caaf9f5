package dev.eos.testkit.driver.mutants;

import dev.eos.spi.KafkaClientFactory;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TransactionAbortableException;

/**
 * The mutants: each breaks one rule of the commit protocol (docs/concepts/exactly-once.md) by
 * wrapping the runtime's clients, and the seeded fault schedules must catch each of them.
 */
public final class Mutants {
    private Mutants() {
    }

    /** No mutation: the wrapping alone, which must change nothing. */
    public static Mutant none() {
        return new Mutant() {
        };
    }

    /**
     * Commits the consumed offsets through the consumer ({@code commitSync}) at the moment the
     * runtime hands them to the transaction, so they are committed before, and whatever becomes
     * of, the output. Broken rule: offsets are committed only inside the transaction.
     */
    public static Mutant offsetsCommittedOutsideTheTransaction() {
        return new Mutant() {
            @Override
            public Producer<byte[], byte[]> producer(Producer<byte[], byte[]> producer, Map<String, Object> config,
                                                     MutantClients.ThreadClients thread, KafkaClientFactory clients) {
                return new ForwardingProducer(producer) {
                    @Override
                    public void sendOffsetsToTransaction(Map<TopicPartition, OffsetAndMetadata> offsets,
                                                         ConsumerGroupMetadata groupMetadata) {
                        thread.consumer().commitSync(offsets);
                    }
                };
            }
        };
    }

    /**
     * Ignores every {@code seek} the runtime makes, so after an abort the consumer reads on from
     * where it was instead of going back to the committed offsets. Broken rule: an aborted
     * transaction's input is processed again.
     */
    public static Mutant noSeekBackAfterAbort() {
        return new Mutant() {
            @Override
            public Consumer<byte[], byte[]> groupConsumer(Consumer<byte[], byte[]> consumer,
                                                          MutantClients.ThreadClients thread) {
                return new ForwardingConsumer(consumer) {
                    @Override
                    public void seek(TopicPartition partition, long offset) {
                    }

                    @Override
                    public void seek(TopicPartition partition, OffsetAndMetadata offsetAndMetadata) {
                    }
                };
            }
        };
    }

    /**
     * Takes a {@code commitTransaction} that timed out for a failed one: instead of retrying it,
     * it aborts (a {@code KafkaProducer} refuses an abort there, so it replaces the producer, as a
     * runtime does to get rid of a transaction) and goes back to the offsets it last saw
     * committed, so it processes the batch again. Broken rule: a commit that timed out is
     * retried, never aborted; its outcome is unknown, and it may well have committed.
     */
    public static Mutant abortAfterCommitTimeout() {
        return new Mutant() {
            @Override
            public Consumer<byte[], byte[]> groupConsumer(Consumer<byte[], byte[]> consumer,
                                                          MutantClients.ThreadClients thread) {
                return new ForwardingConsumer(consumer) {
                    @Override
                    public Map<TopicPartition, OffsetAndMetadata> committed(Set<TopicPartition> partitions) {
                        Map<TopicPartition, OffsetAndMetadata> committed = new HashMap<>(delegate.committed(partitions));
                        for (TopicPartition tp : partitions) {
                            if (thread.believedCommitted.containsKey(tp)) {
                                committed.put(tp, thread.believedCommitted.get(tp));
                            }
                        }
                        return committed;
                    }
                };
            }

            @Override
            public Producer<byte[], byte[]> producer(Producer<byte[], byte[]> producer, Map<String, Object> config,
                                                     MutantClients.ThreadClients thread, KafkaClientFactory clients) {
                return new ForwardingProducer(producer) {
                    /** The committed offsets of the partitions in the open transaction, as the thread saw them before it. */
                    private final Map<TopicPartition, OffsetAndMetadata> before = new HashMap<>();
                    private boolean abortedByMutant;

                    @Override
                    public void sendOffsetsToTransaction(Map<TopicPartition, OffsetAndMetadata> offsets,
                                                         ConsumerGroupMetadata groupMetadata) {
                        Set<TopicPartition> partitions = new HashSet<>(offsets.keySet());
                        Map<TopicPartition, OffsetAndMetadata> committed = thread.consumer().committed(partitions);
                        for (TopicPartition tp : partitions) {
                            before.put(tp, committed.get(tp));
                        }
                        delegate.sendOffsetsToTransaction(offsets, groupMetadata);
                    }

                    @Override
                    public void commitTransaction() {
                        try {
                            delegate.commitTransaction();
                            before.keySet().forEach(thread.believedCommitted::remove);
                            before.clear();
                        } catch (TimeoutException e) {
                            // The mutation: no retry; abort by replacing the producer, and believe
                            // the offsets are where they were before this transaction.
                            before.forEach((tp, offset) -> thread.believedCommitted.put(tp,
                                    offset == null ? new OffsetAndMetadata(0L) : offset));
                            before.clear();
                            delegate.close();
                            delegate = clients.producer(config);
                            delegate.initTransactions();
                            abortedByMutant = true;
                            throw new TransactionAbortableException("mutant: commitTransaction timed out; aborted", e);
                        }
                    }

                    @Override
                    public void beginTransaction() {
                        abortedByMutant = false;
                        delegate.beginTransaction();
                    }

                    @Override
                    public void abortTransaction() {
                        before.clear();
                        if (abortedByMutant) {
                            abortedByMutant = false;
                            return;
                        }
                        delegate.abortTransaction();
                    }
                };
            }
        };
    }

    /** Sends every output record twice. Broken rule: each input's output is written once. */
    public static Mutant sendEveryOutputTwice() {
        return new Mutant() {
            @Override
            public Producer<byte[], byte[]> producer(Producer<byte[], byte[]> producer, Map<String, Object> config,
                                                     MutantClients.ThreadClients thread, KafkaClientFactory clients) {
                return new ForwardingProducer(producer) {
                    @Override
                    public Future<RecordMetadata> send(ProducerRecord<byte[], byte[]> record, Callback callback) {
                        delegate.send(record);
                        return delegate.send(record, callback);
                    }
                };
            }
        };
    }

    /**
     * At-least-once: transactions are no-ops. Output is written by a non-transactional producer,
     * visible at once; the offsets handed to the "transaction" are committed through the consumer
     * after the producer flushed, at the "commit"; an "abort" only forgets them. Output is never
     * lost but a crash or an abort after output was written duplicates it: the control mutant,
     * whose verifier report must show duplicates and nothing missing.
     */
    public static Mutant atLeastOnce() {
        return new Mutant() {
            @Override
            public Producer<byte[], byte[]> producer(Producer<byte[], byte[]> producer, Map<String, Object> config,
                                                     MutantClients.ThreadClients thread, KafkaClientFactory clients) {
                Map<String, Object> plainConfig = new HashMap<>(config);
                plainConfig.remove(ProducerConfig.TRANSACTIONAL_ID_CONFIG);
                Producer<byte[], byte[]> plain = clients.producer(plainConfig);
                return new ForwardingProducer(producer) {
                    private final Map<TopicPartition, OffsetAndMetadata> pending = new HashMap<>();

                    @Override
                    public void beginTransaction() {
                    }

                    @Override
                    public Future<RecordMetadata> send(ProducerRecord<byte[], byte[]> record) {
                        return plain.send(record);
                    }

                    @Override
                    public Future<RecordMetadata> send(ProducerRecord<byte[], byte[]> record, Callback callback) {
                        return plain.send(record, callback);
                    }

                    @Override
                    public void sendOffsetsToTransaction(Map<TopicPartition, OffsetAndMetadata> offsets,
                                                         ConsumerGroupMetadata groupMetadata) {
                        pending.putAll(offsets);
                    }

                    @Override
                    public void commitTransaction() {
                        plain.flush();
                        if (!pending.isEmpty()) {
                            thread.consumer().commitSync(pending);
                        }
                        pending.clear();
                    }

                    @Override
                    public void abortTransaction() {
                        pending.clear();
                    }

                    @Override
                    public void close() {
                        plain.close();
                        delegate.close();
                    }

                    @Override
                    public void close(java.time.Duration timeout) {
                        plain.close(timeout);
                        delegate.close(timeout);
                    }
                };
            }
        };
    }

    /**
     * Restores stores with a read_uncommitted consumer: records of aborted transactions (a crashed
     * instance's changelog writes, fenced and aborted by its successor) are replayed into the
     * store, so state holds writes whose input was never committed and is processed again.
     */
    public static Mutant restoreReadUncommitted() {
        return new Mutant() {
            @Override
            public Consumer<byte[], byte[]> restoreConsumer(Map<String, Object> config,
                                                            MutantClients.ThreadClients thread,
                                                            KafkaClientFactory clients) {
                Map<String, Object> uncommitted = new HashMap<>(config);
                uncommitted.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted");
                return clients.consumer(uncommitted);
            }
        };
    }

    /**
     * Commits the consumer's {@code position()} of each partition instead of the offset of the
     * next record the thread has not processed. The position runs ahead of processing by a
     * polled batch, so a commit in the middle of a batch (a full transaction, a stop request)
     * followed by a crash skips the rest of the batch. Broken rule: the committed offset is never
     * beyond the next unprocessed record.
     */
    public static Mutant commitsThePositionInsteadOfTheNextUnprocessedOffset() {
        return new Mutant() {
            @Override
            public Producer<byte[], byte[]> producer(Producer<byte[], byte[]> producer, Map<String, Object> config,
                                                     MutantClients.ThreadClients thread, KafkaClientFactory clients) {
                return new ForwardingProducer(producer) {
                    @Override
                    public void sendOffsetsToTransaction(Map<TopicPartition, OffsetAndMetadata> offsets,
                                                         ConsumerGroupMetadata groupMetadata) {
                        Map<TopicPartition, OffsetAndMetadata> positions = new HashMap<>();
                        offsets.forEach((tp, offset) -> positions.put(tp,
                                new OffsetAndMetadata(thread.consumer().position(tp), offset.metadata())));
                        delegate.sendOffsetsToTransaction(positions, groupMetadata);
                    }
                };
            }
        };
    }

    /**
     * Restores stores up to the last stable offset (the read_committed end offset) instead of the
     * high watermark: right after a commit, while its markers are not written yet, the last stable
     * offset lies below records that are committed already, so the restore stops short of them,
     * and a checkpoint above it reads as a recreated changelog. Broken rule: restore to the high
     * watermark.
     */
    public static Mutant restoresToTheLastStableOffset() {
        return new Mutant() {
            @Override
            public org.apache.kafka.clients.admin.Admin admin(org.apache.kafka.clients.admin.Admin admin) {
                return (org.apache.kafka.clients.admin.Admin) java.lang.reflect.Proxy.newProxyInstance(
                        org.apache.kafka.clients.admin.Admin.class.getClassLoader(),
                        new Class<?>[] {org.apache.kafka.clients.admin.Admin.class}, (proxy, method, args) -> {
                            if (method.getName().equals("listOffsets") && args != null && args.length == 2) {
                                args[1] = new org.apache.kafka.clients.admin.ListOffsetsOptions(
                                        org.apache.kafka.common.IsolationLevel.READ_COMMITTED);
                            }
                            try {
                                return method.invoke(admin, args);
                            } catch (java.lang.reflect.InvocationTargetException e) {
                                throw e.getCause();
                            }
                        });
            }
        };
    }

    /**
     * Lets tasks run before their stores are restored: the restore consumer reads nothing and
     * says every changelog is read to its end, so a task that moved or restarted counts on from
     * stale (or empty) state. Broken rule: a task processes only once its stores are up to date.
     */
    public static Mutant tasksRunBeforeTheirStoresAreRestored() {
        return new Mutant() {
            @Override
            public Consumer<byte[], byte[]> restoreConsumer(Map<String, Object> config,
                                                            MutantClients.ThreadClients thread,
                                                            KafkaClientFactory clients) {
                return new ForwardingConsumer(clients.consumer(config)) {
                    @Override
                    public org.apache.kafka.clients.consumer.ConsumerRecords<byte[], byte[]> poll(
                            java.time.Duration timeout) {
                        return org.apache.kafka.clients.consumer.ConsumerRecords.empty();
                    }

                    @Override
                    public long position(TopicPartition partition) {
                        return Long.MAX_VALUE;
                    }
                };
            }
        };
    }
}
