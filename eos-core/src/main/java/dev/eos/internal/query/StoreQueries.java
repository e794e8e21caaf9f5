package dev.eos.internal.query;

import dev.eos.AppState;
import dev.eos.EosConfig;
import dev.eos.internal.plan.LogicalPlan;
import dev.eos.query.InstanceMetadata;
import dev.eos.query.KeyQueryMetadata;
import dev.eos.query.StoreQuery;
import dev.eos.spi.KafkaClientFactory;
import java.util.Collection;
import java.util.function.Supplier;
import org.apache.kafka.common.serialization.Serializer;

/** Interactive queries of one app: local views and the owners of keys. (Work in progress.) */
public final class StoreQueries {
    private final LogicalPlan plan;
    private final EosConfig config;
    private final KafkaClientFactory clients;
    private final Supplier<AppState> appState;

    public StoreQueries(LogicalPlan plan, EosConfig config, KafkaClientFactory clients, Supplier<AppState> appState) {
        this.plan = plan;
        this.config = config;
        this.clients = clients;
        this.appState = appState;
    }

    public <T> T view(StoreQuery<T> query) {
        throw new UnsupportedOperationException("not yet");
    }

    public <K> KeyQueryMetadata metadataForKey(String storeName, K key, Serializer<K> keySerializer) {
        throw new UnsupportedOperationException("not yet");
    }

    public Collection<InstanceMetadata> allMetadata() {
        throw new UnsupportedOperationException("not yet");
    }
}
