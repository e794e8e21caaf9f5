package dev.eos.testkit.differential;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Random {@link RandomPipeline}s from a seed: the same seed gives the same pipeline. Chains of
 * one to five operators over a stream or a table source: stateless operators (flatMap with a new
 * key among them), split and merge, groupByKey and groupBy with count, reduce or aggregate, in
 * tumbling or hopping windows with grace or not (with filter and mapValues of the windowed table
 * sometimes), table filter and mapValues, toStream, stream-table joins and left joins.
 */
final class PipelineGenerator {
    private static final int MAX_STEPS = 5;
    private static final long[][] WINDOWS = {
            {10_000, 10_000}, {5_000, 5_000}, {10_000, 5_000}, {6_000, 2_000}};
    private static final long[] GRACES = {0, 2_000, 10_000};

    private final Random random;
    private final Set<Avoided> avoided;

    PipelineGenerator(Random random, Set<Avoided> avoided) {
        this.random = random;
        this.avoided = avoided;
    }

    RandomPipeline next() {
        boolean fromTable = random.nextInt(5) == 0;
        boolean stream = !fromTable;
        int length = 1 + random.nextInt(MAX_STEPS);
        List<Step> steps = new ArrayList<>();
        for (int i = 0; i < length; i++) {
            Step step = stream ? streamStep() : tableStep();
            steps.add(step);
            stream = step.givesStream();
        }
        return new RandomPipeline(fromTable, steps);
    }

    private Step streamStep() {
        return switch (random.nextInt(13)) {
            case 0 -> new Step.Filter(pick(Functions.PREDICATES), false);
            case 1 -> new Step.Filter(pick(Functions.PREDICATES), true);
            case 2 -> new Step.MapValues(pick(Functions.VALUE_MAPPERS));
            case 3 -> new Step.Map(pick(Functions.KEY_MAPPERS), pick(Functions.VALUE_MAPPERS));
            case 4 -> new Step.SelectKey(pick(Functions.KEY_MAPPERS));
            case 5 -> new Step.FlatMapValues(pick(Functions.FLAT_MAPPERS));
            case 6 -> new Step.SplitMerge(pick(Functions.PREDICATES), pick(Functions.VALUE_MAPPERS),
                    pick(Functions.VALUE_MAPPERS));
            case 7 -> new Step.Join(tableChain(), random.nextBoolean(), avoided.contains(Avoided.NULL_VALUES_INTO_LEFT_JOINS));
            case 8, 9 -> new Step.Aggregate(grouping(), null, aggregation());
            case 10 -> new Step.FlatMap(pick(Functions.KEY_MAPPERS), pick(Functions.VALUE_MAPPERS));
            default -> avoided.contains(Avoided.WINDOWS) ? new Step.Aggregate(grouping(), null, aggregation())
                    : new Step.Aggregate(grouping(), windows(), aggregation(), windowedTableViews());
        };
    }

    private Step tableStep() {
        return switch (random.nextInt(3)) {
            case 0 -> avoided.contains(Avoided.TABLE_FILTERS) ? new Step.TableMapValues(pick(Functions.VALUE_MAPPERS))
                    : new Step.TableFilter(pick(Functions.PREDICATES));
            case 1 -> new Step.TableMapValues(pick(Functions.VALUE_MAPPERS));
            default -> new Step.ToStream();
        };
    }

    private List<Step> tableChain() {
        List<Step> chain = new ArrayList<>();
        int length = random.nextInt(3);
        for (int i = 0; i < length; i++) {
            chain.add(random.nextBoolean() ? new Step.TableFilter(pick(Functions.PREDICATES))
                    : new Step.TableMapValues(pick(Functions.VALUE_MAPPERS)));
        }
        return chain;
    }

    /** Usually none; sometimes a filter or mapValues (or both) of the windowed table. */
    private List<Step> windowedTableViews() {
        List<Step> views = new ArrayList<>();
        if (random.nextInt(3) == 0) {
            int count = 1 + random.nextInt(2);
            for (int i = 0; i < count; i++) {
                views.add(random.nextBoolean() && !avoided.contains(Avoided.TABLE_FILTERS)
                        ? new Step.TableFilter(pick(Functions.PREDICATES))
                        : new Step.TableMapValues(pick(Functions.VALUE_MAPPERS)));
            }
        }
        return views;
    }

    private Step.Grouping grouping() {
        return random.nextInt(3) == 0 ? new Step.Grouping(pick(Functions.KEY_MAPPERS)) : Step.Grouping.BY_KEY;
    }

    private Step.Windows windows() {
        long[] sizeAndAdvance = WINDOWS[random.nextInt(WINDOWS.length)];
        return new Step.Windows(sizeAndAdvance[0], sizeAndAdvance[1], GRACES[random.nextInt(GRACES.length)]);
    }

    private Step.Aggregation aggregation() {
        return switch (random.nextInt(3)) {
            case 0 -> Step.Aggregation.COUNT;
            case 1 -> new Step.Aggregation(pick(Functions.REDUCERS), null);
            default -> new Step.Aggregation(null, pick(Functions.AGGREGATORS));
        };
    }

    /** One of {@code options}; not one that makes null values if those are avoided. */
    private <T> T pick(List<T> options) {
        List<T> allowed = avoided.contains(Avoided.NULL_VALUES)
                ? options.stream().filter(f -> !Functions.makesNullValues(f)).toList() : options;
        return allowed.get(random.nextInt(allowed.size()));
    }
}
