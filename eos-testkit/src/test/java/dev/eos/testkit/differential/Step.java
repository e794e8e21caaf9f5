package dev.eos.testkit.differential;

import static dev.eos.testkit.differential.BuildContext.STRINGS;

import dev.eos.dsl.EventStream;
import dev.eos.dsl.Table;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.KGroupedStream;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.KTable;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.TimeWindowedKStream;
import org.apache.kafka.streams.kstream.Windowed;

/**
 * One operator of a random pipeline, which it adds to both sides at once: to the Eos pipeline
 * and to the Kafka Streams topology. Each prints as the operator a reader would write.
 */
sealed interface Step {

    /** Adds this operator after {@code in} on both sides. */
    Flow apply(Flow in, BuildContext context);

    /** True if this step reads a stream, false if a table; most steps read a stream. */
    default boolean readsStream() {
        return true;
    }

    /** True if this step gives a stream, false if a table. */
    default boolean givesStream() {
        return true;
    }

    /** {@code filter} or {@code filterNot} of a stream. */
    record Filter(Functions.Predicate predicate, boolean not) implements Step {
        @Override
        public Flow apply(Flow in, BuildContext context) {
            Flow.Stream s = (Flow.Stream) in;
            return not
                    ? new Flow.Stream(s.eos().filterNot(predicate.test()),
                            s.kafkaStreams().filterNot(predicate.test()::test), s.keyChanged())
                    : new Flow.Stream(s.eos().filter(predicate.test()),
                            s.kafkaStreams().filter(predicate.test()::test), s.keyChanged());
        }

        @Override
        public String toString() {
            return (not ? "filterNot(" : "filter(") + predicate + ")";
        }
    }

    /** {@code mapValues} of a stream. */
    record MapValues(Functions.ValueMapper mapper) implements Step {
        @Override
        public Flow apply(Flow in, BuildContext context) {
            Flow.Stream s = (Flow.Stream) in;
            return new Flow.Stream(s.eos().mapValues(mapper.apply()),
                    s.kafkaStreams().mapValues(mapper.apply()::apply), s.keyChanged());
        }

        @Override
        public String toString() {
            return "mapValues(" + mapper + ")";
        }
    }

    /** {@code map} of a stream: a new key (maybe null) and a new value. */
    record Map(Functions.KeyMapper key, Functions.ValueMapper value) implements Step {
        @Override
        public Flow apply(Flow in, BuildContext context) {
            Flow.Stream s = (Flow.Stream) in;
            return new Flow.Stream(
                    s.eos().map((k, v) -> dev.eos.dsl.KeyValue.of(key.apply().apply(k, v), value.apply().apply(v))),
                    s.kafkaStreams().map((k, v) -> org.apache.kafka.streams.KeyValue.pair(
                            key.apply().apply(k, v), value.apply().apply(v))),
                    true);
        }

        @Override
        public String toString() {
            return "map(k := " + key + ", v := " + value + ")";
        }
    }

    /** {@code selectKey} of a stream; the new key may be null. */
    record SelectKey(Functions.KeyMapper key) implements Step {
        @Override
        public Flow apply(Flow in, BuildContext context) {
            Flow.Stream s = (Flow.Stream) in;
            return new Flow.Stream(s.eos().selectKey(key.apply()), s.kafkaStreams().selectKey(key.apply()::apply), true);
        }

        @Override
        public String toString() {
            return "selectKey(" + key + ")";
        }
    }

    /** {@code flatMapValues} of a stream. */
    record FlatMapValues(Functions.FlatMapper mapper) implements Step {
        @Override
        public Flow apply(Flow in, BuildContext context) {
            Flow.Stream s = (Flow.Stream) in;
            return new Flow.Stream(s.eos().flatMapValues(mapper.apply()),
                    s.kafkaStreams().flatMapValues(mapper.apply()::apply), s.keyChanged());
        }

        @Override
        public String toString() {
            return "flatMapValues(" + mapper + ")";
        }
    }

    /** {@code flatMap} of a stream: each record becomes itself and a record with a new key and value. */
    record FlatMap(Functions.KeyMapper key, Functions.ValueMapper value) implements Step {
        @Override
        public Flow apply(Flow in, BuildContext context) {
            Flow.Stream s = (Flow.Stream) in;
            return new Flow.Stream(
                    s.eos().flatMap((k, v) -> java.util.Arrays.asList(dev.eos.dsl.KeyValue.of(k, v),
                            dev.eos.dsl.KeyValue.of(key.apply().apply(k, v), value.apply().apply(v)))),
                    s.kafkaStreams().flatMap((k, v) -> java.util.Arrays.asList(org.apache.kafka.streams.KeyValue.pair(k, v),
                            org.apache.kafka.streams.KeyValue.pair(key.apply().apply(k, v), value.apply().apply(v)))),
                    true);
        }

        @Override
        public String toString() {
            return "flatMap((k, v), (k := " + key + ", v := " + value + "))";
        }
    }

    /** A split in two branches (one by predicate, the default), each mapped, merged again. */
    record SplitMerge(Functions.Predicate predicate, Functions.ValueMapper matched, Functions.ValueMapper rest)
            implements Step {
        @Override
        public Flow apply(Flow in, BuildContext context) {
            Flow.Stream s = (Flow.Stream) in;
            String name = context.name("split");
            java.util.Map<String, EventStream<String, String>> eos = s.eos().split()
                    .branch("m", predicate.test())
                    .defaultBranch("r");
            java.util.Map<String, KStream<String, String>> ks = s.kafkaStreams().split(Named.as(name))
                    .branch(predicate.test()::test, Branched.as("m"))
                    .defaultBranch(Branched.as("r"));
            return new Flow.Stream(
                    eos.get("m").mapValues(matched.apply()).merge(eos.get("r").mapValues(rest.apply())),
                    ks.get(name + "m").mapValues(matched.apply()::apply)
                            .merge(ks.get(name + "r").mapValues(rest.apply()::apply)),
                    s.keyChanged());
        }

        @Override
        public String toString() {
            return "split(" + predicate + " -> mapValues(" + matched + "), else -> mapValues(" + rest + ")) -> merge";
        }
    }

    /**
     * A stream-table join (inner or left) with the table of the table topic after
     * {@code tableSteps}; a stream whose key may have changed is repartitioned first on both sides.
     * With {@code nullValuesFiltered}, a left join is preceded by {@code filter(v is not null)}.
     */
    record Join(List<Step> tableSteps, boolean left, boolean nullValuesFiltered) implements Step {
        @Override
        public Flow apply(Flow in, BuildContext context) {
            Flow.Stream s = (Flow.Stream) in;
            Flow table = context.tableSource();
            for (Step step : tableSteps) {
                table = step.apply(table, context);
            }
            Table<String, String> eosTable = ((Flow.Tables) table).eos();
            KTable<String, String> ksTable = ((Flow.Tables) table).kafkaStreams();
            EventStream<String, String> eos = s.eos();
            KStream<String, String> ks = s.kafkaStreams();
            if (left && nullValuesFiltered) {
                eos = eos.filter((k, v) -> v != null);
                ks = ks.filter((k, v) -> v != null);
            }
            if (s.keyChanged()) {
                String name = context.name("rekeyed");
                eos = eos.repartition(dev.eos.dsl.Repartitioned.with(STRINGS, STRINGS).withName(name));
                ks = ks.repartition(org.apache.kafka.streams.kstream.Repartitioned.with(STRINGS, STRINGS).withName(name));
            }
            var joiner = Functions.JOINER.apply();
            return left
                    ? new Flow.Stream(eos.leftJoin(eosTable, joiner::apply), ks.leftJoin(ksTable, joiner::apply), false)
                    : new Flow.Stream(eos.join(eosTable, joiner::apply), ks.join(ksTable, joiner::apply), false);
        }

        @Override
        public String toString() {
            String table = "table(tbl)" + tableSteps.stream().map(t -> " -> " + t).collect(Collectors.joining());
            return (left && nullValuesFiltered ? "filter(v is not null) -> " : "")
                    + (left ? "leftJoin(" : "join(") + table + ", " + Functions.JOINER + ")";
        }
    }

    /** How an aggregation groups: by the current key, or by a new one. */
    record Grouping(Functions.KeyMapper newKey) {
        static final Grouping BY_KEY = new Grouping(null);

        @Override
        public String toString() {
            return newKey == null ? "groupByKey" : "groupBy(" + newKey + ")";
        }
    }

    /** Tumbling (advance == size) or hopping windows, with grace. */
    record Windows(long sizeMs, long advanceMs, long graceMs) {
        @Override
        public String toString() {
            return "windowedBy(" + seconds(sizeMs) + (advanceMs == sizeMs ? "" : " advance " + seconds(advanceMs))
                    + ", grace " + seconds(graceMs) + ")";
        }

        private static String seconds(long ms) {
            return ms % 1000 == 0 ? (ms / 1000) + "s" : ms + "ms";
        }
    }

    /** The aggregation: count, reduce or aggregate (from ""). */
    record Aggregation(Functions.Reducer reducer, Functions.Aggregator aggregator) {
        static final Aggregation COUNT = new Aggregation(null, null);

        @Override
        public String toString() {
            return reducer != null ? "reduce(" + reducer + ")"
                    : aggregator != null ? "aggregate(\"\", " + aggregator + ")" : "count";
        }
    }

    /**
     * A grouping and an aggregation, in windows or not. Without windows it gives a table of the
     * running aggregates (counts as decimal strings); with windows, the windowed table (counts as
     * decimal strings), the {@code windowedTableSteps} ({@link TableFilter} and
     * {@link TableMapValues}, whose functions see the window's key) applied to it, then the stream
     * of its updates keyed {@code key@[start,end)}.
     */
    record Aggregate(Grouping grouping, Windows windows, Aggregation aggregation, List<Step> windowedTableSteps)
            implements Step {

        public Aggregate {
            windowedTableSteps = List.copyOf(windowedTableSteps);
        }

        public Aggregate(Grouping grouping, Windows windows, Aggregation aggregation) {
            this(grouping, windows, aggregation, List.of());
        }

        @Override
        public Flow apply(Flow in, BuildContext context) {
            Flow.Stream s = (Flow.Stream) in;
            String name = context.name("agg");
            dev.eos.dsl.GroupedStream<String, String> eos = grouping.newKey() == null
                    ? s.eos().groupByKey(dev.eos.dsl.Grouped.with(STRINGS, STRINGS).withName(name))
                    : s.eos().groupBy(grouping.newKey().apply(), dev.eos.dsl.Grouped.with(STRINGS, STRINGS).withName(name));
            KGroupedStream<String, String> ks = grouping.newKey() == null
                    ? s.kafkaStreams().groupByKey(org.apache.kafka.streams.kstream.Grouped.with(name, STRINGS, STRINGS))
                    : s.kafkaStreams().groupBy(grouping.newKey().apply()::apply,
                            org.apache.kafka.streams.kstream.Grouped.with(name, STRINGS, STRINGS));
            return windows == null ? unwindowed(eos, ks, name) : windowed(eos, ks, name);
        }

        private Flow unwindowed(dev.eos.dsl.GroupedStream<String, String> eos, KGroupedStream<String, String> ks,
                                String name) {
            if (aggregation.reducer() != null) {
                var reducer = aggregation.reducer().apply();
                return new Flow.Tables(eos.reduce(reducer::apply, eosStore(name)),
                        ks.reduce(reducer::apply, org.apache.kafka.streams.kstream.Materialized.with(STRINGS, STRINGS)));
            }
            if (aggregation.aggregator() != null) {
                var aggregator = aggregation.aggregator().apply();
                return new Flow.Tables(eos.aggregate(() -> "", aggregator::apply, eosStore(name)),
                        ks.aggregate(() -> "", aggregator::apply,
                                org.apache.kafka.streams.kstream.Materialized.with(STRINGS, STRINGS)));
            }
            return new Flow.Tables(
                    eos.count(dev.eos.dsl.Materialized.as(name)).mapValues(count -> String.valueOf(count)),
                    ks.count(org.apache.kafka.streams.kstream.Materialized.with(STRINGS, Serdes.Long()))
                            .mapValues(count -> String.valueOf(count)));
        }

        private Flow windowed(dev.eos.dsl.GroupedStream<String, String> grouped, KGroupedStream<String, String> ksGrouped,
                              String name) {
            dev.eos.dsl.WindowedGroupedStream<String, String> eos = grouped.windowedBy(dev.eos.dsl.TimeWindows
                    .ofSizeAndGrace(Duration.ofMillis(windows.sizeMs()), Duration.ofMillis(windows.graceMs()))
                    .advanceBy(Duration.ofMillis(windows.advanceMs())));
            TimeWindowedKStream<String, String> ks = ksGrouped.windowedBy(org.apache.kafka.streams.kstream.TimeWindows
                    .ofSizeAndGrace(Duration.ofMillis(windows.sizeMs()), Duration.ofMillis(windows.graceMs()))
                    .advanceBy(Duration.ofMillis(windows.advanceMs())));
            Table<dev.eos.store.Windowed<String>, String> eosTable;
            KTable<Windowed<String>, String> ksTable;
            if (aggregation.reducer() != null) {
                var reducer = aggregation.reducer().apply();
                eosTable = eos.reduce(reducer::apply, eosStore(name));
                ksTable = ks.reduce(reducer::apply, org.apache.kafka.streams.kstream.Materialized.with(STRINGS, STRINGS));
            } else if (aggregation.aggregator() != null) {
                var aggregator = aggregation.aggregator().apply();
                eosTable = eos.aggregate(() -> "", aggregator::apply, eosStore(name));
                ksTable = ks.aggregate(() -> "", aggregator::apply,
                        org.apache.kafka.streams.kstream.Materialized.with(STRINGS, STRINGS));
            } else {
                eosTable = eos.count(dev.eos.dsl.Materialized.as(name)).mapValues(count -> String.valueOf(count));
                ksTable = ks.count(org.apache.kafka.streams.kstream.Materialized.with(STRINGS, Serdes.Long()))
                        .mapValues(count -> String.valueOf(count));
            }
            for (Step view : windowedTableSteps) {
                if (view instanceof TableFilter filter) {
                    var test = filter.predicate().test();
                    eosTable = eosTable.filter((w, v) -> test.test(w.key(), v));
                    ksTable = ksTable.filter((w, v) -> test.test(w.key(), v));
                } else {
                    var mapper = ((TableMapValues) view).mapper().apply();
                    eosTable = eosTable.mapValues(mapper);
                    ksTable = ksTable.mapValues(mapper::apply);
                }
            }
            return new Flow.Stream(
                    eosTable.toStream().map((w, v) -> dev.eos.dsl.KeyValue.of(
                            w.key() + "@[" + w.startMs() + "," + w.endMs() + ")", v)),
                    ksTable.toStream().map((w, v) -> org.apache.kafka.streams.KeyValue.pair(
                            w.key() + "@[" + w.window().start() + "," + w.window().end() + ")", v)),
                    true);
        }

        private static dev.eos.dsl.Materialized<String, String> eosStore(String name) {
            return dev.eos.dsl.Materialized.<String, String>as(name).withKeySerde(STRINGS).withValueSerde(STRINGS);
        }

        @Override
        public String toString() {
            return grouping + (windows == null ? "" : " -> " + windows) + " -> " + aggregation
                    + windowedTableSteps.stream().map(t -> " -> " + t).collect(Collectors.joining())
                    + (windows == null ? "" : " -> toStream(key@[start,end))");
        }

        @Override
        public boolean givesStream() {
            return windows != null;
        }
    }

    /** {@code filter} of a table. */
    record TableFilter(Functions.Predicate predicate) implements Step {
        @Override
        public Flow apply(Flow in, BuildContext context) {
            Flow.Tables t = (Flow.Tables) in;
            return new Flow.Tables(t.eos().filter(predicate.test()), t.kafkaStreams().filter(predicate.test()::test));
        }

        @Override
        public String toString() {
            return "filter(" + predicate + ")";
        }

        @Override
        public boolean readsStream() {
            return false;
        }

        @Override
        public boolean givesStream() {
            return false;
        }
    }

    /** {@code mapValues} of a table. */
    record TableMapValues(Functions.ValueMapper mapper) implements Step {
        @Override
        public Flow apply(Flow in, BuildContext context) {
            Flow.Tables t = (Flow.Tables) in;
            return new Flow.Tables(t.eos().mapValues(mapper.apply()),
                    t.kafkaStreams().mapValues(mapper.apply()::apply));
        }

        @Override
        public String toString() {
            return "mapValues(" + mapper + ")";
        }

        @Override
        public boolean readsStream() {
            return false;
        }

        @Override
        public boolean givesStream() {
            return false;
        }
    }

    /** {@code toStream} of a table. */
    record ToStream() implements Step {
        @Override
        public Flow apply(Flow in, BuildContext context) {
            Flow.Tables t = (Flow.Tables) in;
            return new Flow.Stream(t.eos().toStream(), t.kafkaStreams().toStream(), false);
        }

        @Override
        public String toString() {
            return "toStream";
        }

        @Override
        public boolean readsStream() {
            return false;
        }
    }
}
