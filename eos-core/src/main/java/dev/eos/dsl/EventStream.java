package dev.eos.dsl;

import dev.eos.processor.ProcessorSupplier;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.BiPredicate;
import java.util.function.Function;

/**
 * An unbounded stream of key-value records, the main type of the Eos DSL. Every operation adds
 * a node to the plan of the {@link PipelineBuilder} that created the stream and returns the
 * stream of its results; nothing runs until the built {@link Pipeline} is started.
 *
 * <pre>{@code
 * PipelineBuilder builder = new PipelineBuilder();
 * builder.stream("clicks", Consumed.with(Serdes.String(), Serdes.String()))
 *        .filter((user, page) -> !page.isBlank())
 *        .selectKey((user, page) -> page)
 *        .mapValues(String::length)
 *        .to("page-lengths", Produced.with(Serdes.String(), Serdes.Integer()));
 * }</pre>
 *
 * @param <K> key type
 * @param <V> value type
 */
public interface EventStream<K, V> {

    /** Keeps the records for which {@code predicate} is true. */
    EventStream<K, V> filter(BiPredicate<? super K, ? super V> predicate);

    /** Drops the records for which {@code predicate} is true. */
    EventStream<K, V> filterNot(BiPredicate<? super K, ? super V> predicate);

    /** Replaces key and value; timestamp and headers are kept. */
    <K2, V2> EventStream<K2, V2> map(BiFunction<? super K, ? super V, KeyValue<K2, V2>> mapper);

    /** Replaces the value; key, timestamp and headers are kept. */
    <V2> EventStream<K, V2> mapValues(Function<? super V, ? extends V2> mapper);

    /** Replaces each record by zero or more records. */
    <K2, V2> EventStream<K2, V2> flatMap(
            BiFunction<? super K, ? super V, ? extends Iterable<KeyValue<K2, V2>>> mapper);

    /** Replaces each value by zero or more values under the same key. */
    <V2> EventStream<K, V2> flatMapValues(Function<? super V, ? extends Iterable<? extends V2>> mapper);

    /** Calls {@code action} for each record and passes the record on unchanged. */
    EventStream<K, V> peek(BiConsumer<? super K, ? super V> action);

    /** Replaces the key; value, timestamp and headers are kept. */
    <K2> EventStream<K2, V> selectKey(BiFunction<? super K, ? super V, ? extends K2> keySelector);

    /**
     * Splits the stream by predicates: each record goes to the first branch whose predicate
     * matches.
     *
     * <pre>{@code
     * Map<String, EventStream<String, Order>> branches = orders.split()
     *         .branch("large", (k, o) -> o.total() > 1000)
     *         .branch("small", (k, o) -> o.total() > 0)
     *         .defaultBranch("invalid");
     * }</pre>
     */
    BranchedStreams<K, V> split();

    /** Merges this stream and {@code other} into one stream. */
    EventStream<K, V> merge(EventStream<K, V> other);

    /** Runs a processor of the processor API on every record; see {@link dev.eos.processor.Processor}. */
    <K2, V2> EventStream<K2, V2> process(ProcessorSupplier<? super K, ? super V, K2, V2> supplier);

    /** Writes every record to {@code topic}, inside the transaction of the input it came from. */
    void to(String topic, Produced<K, V> produced);

    /** Writes every record to the topic {@code extractor} names for it. */
    void to(TopicNameExtractor<? super K, ? super V> extractor, Produced<K, V> produced);
}
