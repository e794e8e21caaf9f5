package dev.eos.it;

import dev.eos.spi.KafkaClientFactory;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.Producer;

/**
 * Real Kafka clients for an {@link dev.eos.EosApp}, with the processing threads' group consumers
 * and producers behind interceptors of the test ({@link Intercepted}). Restore consumers (they
 * have no {@code group.id}) and admin clients stay untouched.
 *
 * <pre>{@code
 * EosApp app = EosApp.builder(pipeline, config)
 *         .clientFactory(InterceptingClients.producers((method, args, call) -> call.proceed()))
 *         .build();
 * }</pre>
 */
final class InterceptingClients implements KafkaClientFactory {
    private static final Intercepted.Interceptor NONE = (method, args, call) -> call.proceed();

    private final KafkaClientFactory real = KafkaClientFactory.real();
    private final Intercepted.Interceptor groupConsumers;
    private final Intercepted.Interceptor producers;

    private InterceptingClients(Intercepted.Interceptor groupConsumers, Intercepted.Interceptor producers) {
        this.groupConsumers = groupConsumers;
        this.producers = producers;
    }

    /** Every processing thread's group consumer goes through {@code interceptor}. */
    static InterceptingClients groupConsumers(Intercepted.Interceptor interceptor) {
        return new InterceptingClients(interceptor, NONE);
    }

    /** Every processing thread's producer goes through {@code interceptor}. */
    static InterceptingClients producers(Intercepted.Interceptor interceptor) {
        return new InterceptingClients(NONE, interceptor);
    }

    @Override
    public Consumer<byte[], byte[]> consumer(Map<String, Object> config) {
        Consumer<byte[], byte[]> consumer = real.consumer(config);
        return config.containsKey(ConsumerConfig.GROUP_ID_CONFIG)
                ? Intercepted.wrap(Consumer.class, consumer, groupConsumers) : consumer;
    }

    @Override
    public Producer<byte[], byte[]> producer(Map<String, Object> config) {
        return Intercepted.wrap(Producer.class, real.producer(config), producers);
    }

    @Override
    public Admin admin(Map<String, Object> config) {
        return real.admin(config);
    }
}
