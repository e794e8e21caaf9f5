package dev.eos.testkit.differential;

import dev.eos.testkit.driver.DifferentialCheck;
import dev.eos.testkit.driver.DifferentialCheck.InputRecord;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * One seed of the random differential property: its pipeline, its input, and running both sides
 * on an input. Every topic has one partition, the records are processed one at a time in order,
 * and the outputs are compared per key, values and timestamps.
 *
 * @param seed     the seed the pipeline and the input come from
 * @param pipeline the pipeline
 * @param input    the input records
 */
record Trial(long seed, RandomPipeline pipeline, List<InputRecord<String, String>> input) {

    static Trial of(long seed, Set<Avoided> avoided) {
        Random random = new Random(seed);
        RandomPipeline pipeline = new PipelineGenerator(random, avoided).next();
        return new Trial(seed, pipeline, new InputGenerator(random, avoided).next(pipeline));
    }

    Trial withInput(List<InputRecord<String, String>> other) {
        return new Trial(seed, pipeline, other);
    }

    /** What happened when both sides ran {@link #input}. */
    Outcome run() {
        RandomPipeline.Built built;
        try {
            built = pipeline.build();
        } catch (RuntimeException e) {
            return Outcome.failed("building the pipeline threw " + e);
        }
        try {
            DifferentialCheck.Result<String, String> result = DifferentialCheck.of(built.eos(), built.kafkaStreams())
                    .partitions(1)
                    .comparingTimestamps()
                    .inputs(InputGenerator.topicsOf(pipeline).toArray(DifferentialCheck.InputTopic<?, ?>[]::new))
                    .output(BuildContext.OUTPUT_TOPIC, BuildContext.STRINGS, BuildContext.STRINGS)
                    .run(input);
            return new Outcome(result, null);
        } catch (RuntimeException e) {
            return Outcome.failed("running threw " + e);
        }
    }

    /**
     * The result of a run, or why there is none.
     *
     * @param result  both sides' outputs, if both ran
     * @param failure what went wrong otherwise
     */
    record Outcome(DifferentialCheck.Result<String, String> result, String failure) {
        static Outcome failed(String failure) {
            return new Outcome(null, failure);
        }

        boolean agree() {
            return result != null && result.agree();
        }

        String describe() {
            if (result == null) {
                return failure;
            }
            return result.describeDifference() + "\n  Eos:           " + result.eosRecords()
                    + "\n  Kafka Streams: " + result.kafkaStreamsRecords();
        }
    }

    @Override
    public String toString() {
        return "seed " + seed + ": " + pipeline + "\n  input: " + input;
    }
}
