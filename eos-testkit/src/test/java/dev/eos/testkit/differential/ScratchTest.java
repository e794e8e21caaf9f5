package dev.eos.testkit.differential;

import java.util.List;
import org.junit.jupiter.api.Test;

class ScratchTest {
    @Test
    void scratch() {
        Functions.Aggregator lengths = Functions.AGGREGATORS.get(2);
        Functions.Predicate even = Functions.PREDICATES.get(1);
        var in = List.of(InputGenerator.STREAM.record("b", "b", 24088));
        for (List<Step> steps : List.of(
                List.<Step>of(new Step.Aggregate(Step.Grouping.BY_KEY, null, new Step.Aggregation(null, lengths)),
                        new Step.TableFilter(even), new Step.ToStream()),
                List.<Step>of(new Step.Aggregate(Step.Grouping.BY_KEY, null, new Step.Aggregation(null, lengths)),
                        new Step.TableFilter(even), new Step.ToStream(), new Step.MapValues(Functions.VALUE_MAPPERS.get(4))),
                List.<Step>of(new Step.Aggregate(Step.Grouping.BY_KEY, null, new Step.Aggregation(null, lengths)),
                        new Step.TableFilter(even), new Step.ToStream(),
                        new Step.Aggregate(new Step.Grouping(Functions.KEY_MAPPERS.get(1)), null, new Step.Aggregation(null, lengths))),
                List.<Step>of(new Step.Aggregate(Step.Grouping.BY_KEY, null, new Step.Aggregation(null, lengths)),
                        new Step.TableFilter(even), new Step.ToStream(),
                        new Step.Aggregate(Step.Grouping.BY_KEY, null, new Step.Aggregation(null, lengths))))) {
            Trial t = new Trial(0, new RandomPipeline(false, steps), in);
            System.out.println("SCRATCH " + t + "\n" + t.run().describe());
            System.out.println(t.pipeline().build().kafkaStreams().describe());
        }
    }
}
