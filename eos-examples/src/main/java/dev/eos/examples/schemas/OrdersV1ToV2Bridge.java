package dev.eos.examples.schemas;

import dev.eos.avro.GenericAvroSerde;
import dev.eos.dsl.Consumed;
import dev.eos.dsl.Pipeline;
import dev.eos.dsl.PipelineBuilder;
import dev.eos.dsl.Produced;
import java.util.HashMap;
import java.util.Map;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * The bridge of a versioned topic: an Eos pipeline that copies every order of {@code orders.v1}
 * to {@code orders.v2}, up-cast by {@link OrderUpcaster} to the new, breaking schema, exactly
 * once: each v1 order appears once in v2, across crashes and restarts, while producers move from
 * v1 to v2 at their own pace. Consumers cut over by topic and start at the beginning of
 * {@code orders.v2}. See docs/how-to/versioned-topics.md.
 *
 * <p>The key (the order id, a String) is kept, so with the same partition count orders.v2
 * partitions the orders as orders.v1 did. The input is read with the writer's schema of each record (any version
 * of {@code orders.v1-value}); the output is written with {@link OrderSchemas#ordersV2()}, which
 * must be registered under {@code orders.v2-value} before the bridge starts (the serializer does
 * not register schemas: {@code auto.register.schemas=false}, the production setting).
 *
 * <pre>{@code
 * Map<String, Object> serdes = Map.of("schema.registry.url", "http://registry:8081");
 * Pipeline bridge = OrdersV1ToV2Bridge.pipeline("orders.v1", "orders.v2", serdes);
 * EosApp app = EosApp.create(bridge, EosConfig.builder()
 *         .applicationId("orders-v1-to-v2")
 *         .bootstrapServers("kafka:9092")
 *         .build());
 * app.start();
 * }</pre>
 */
public final class OrdersV1ToV2Bridge {

    private OrdersV1ToV2Bridge() {
    }

    /**
     * The bridge from {@code v1Topic} to {@code v2Topic}.
     *
     * @param serdeConfig the schema-registry settings of the serdes, in the Confluent keys
     *     ({@code schema.registry.url}, {@code basic.auth.*}, {@code schema.registry.ssl.*})
     */
    public static Pipeline pipeline(String v1Topic, String v2Topic, Map<String, ?> serdeConfig) {
        Serde<GenericRecord> v1Orders = new GenericAvroSerde();
        v1Orders.configure(serdeConfig, false);
        Map<String, Object> writeOnly = new HashMap<>(serdeConfig);
        writeOnly.put("auto.register.schemas", false);
        Serde<GenericRecord> v2Orders = new GenericAvroSerde();
        v2Orders.configure(writeOnly, false);
        OrderUpcaster upcaster = new OrderUpcaster(OrderSchemas.ordersV2());

        PipelineBuilder builder = new PipelineBuilder();
        builder.stream(v1Topic, Consumed.with(Serdes.String(), v1Orders))
                .mapValues(upcaster::upcast)
                .to(v2Topic, Produced.with(Serdes.String(), v2Orders));
        return builder.build();
    }
}
