package dev.eos.bench;

import dev.eos.avro.AvroSerdeConfig;
import dev.eos.avro.GenericAvroSerde;
import dev.eos.dsl.Consumed;
import dev.eos.dsl.Pipeline;
import dev.eos.dsl.PipelineBuilder;
import dev.eos.dsl.Produced;
import java.util.Map;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * The copy of {@link EosVariant} with Avro values: {@code selectKey} by the sku field +
 * {@code mapValues} (string fields upper-cased, {@link AvroWorkload#newValue}) + {@code to}, the
 * values read and written by eos-avro's {@link GenericAvroSerde} in the Confluent wire format
 * against a schema registry. Each run gets a fresh serde (an empty schema cache, like a fresh
 * app); the output schema is registered by the serializer on first use.
 */
final class AvroEosVariant implements Variant {
    static final String NAME = "eos-avro";

    private final String registryUrl;
    private final EosVariant eos;

    AvroEosVariant(String registryUrl, int threads, Map<String, String> extraSettings) {
        this.registryUrl = registryUrl;
        this.eos = new EosVariant(WorkloadKind.COPY, threads, extraSettings);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String settings() {
        return eos.settings() + "; values: GenericAvroSerde, registry " + registryUrl;
    }

    @Override
    public Running start(RunSpec spec) throws Exception {
        return eos.start(spec, pipeline(spec.inputTopic(), spec.outputTopic()));
    }

    Pipeline pipeline(String input, String output) {
        Serde<GenericRecord> values = GenericAvroSerde.forValues(AvroSerdeConfig.builder()
                .registryUrl(registryUrl)
                .autoRegisterSchemas(true)
                .build());
        PipelineBuilder builder = new PipelineBuilder();
        builder.stream(input, Consumed.with(Serdes.String(), values))
                .selectKey((key, value) -> AvroWorkload.newKey(value))
                .mapValues(AvroWorkload::newValue)
                .to(output, Produced.with(Serdes.String(), values));
        return builder.build();
    }
}
