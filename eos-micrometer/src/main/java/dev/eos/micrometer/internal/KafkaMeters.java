package dev.eos.micrometer.internal;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;

/**
 * Keeps one {@link MeterRegistry} in step with a set of Kafka metrics that changes over time
 * (tasks move, clients are recreated after fencing): each {@link #sync} adds a meter for every
 * new numeric metric and removes the meters of metrics that went away or were replaced by a new
 * object of the same name.
 *
 * <p>Names: {@code <group without "-metrics">.<name>} with dashes turned to dots; Kafka client
 * groups get the prefix {@code kafka.} ({@code producer-metrics/record-send-total} becomes
 * {@code kafka.producer.record.send.total}), Eos's own groups keep theirs
 * ({@code eos-thread-metrics/process-total} becomes {@code eos.thread.process.total}). A name
 * ending in {@code -total} is a counter, everything else a gauge. Every Kafka tag becomes a
 * Micrometer tag; {@code application-id} and, for clients of an Eos thread, {@code thread-id} are
 * added. Where Kafka has the same metric with different tag keys (a client-level and a
 * partition-level {@code records-lag-max}), only the variant with the most tags is kept, because
 * registries such as Prometheus need one set of tag keys per name.
 */
public final class KafkaMeters {
    private static final String[] CLIENT_SUFFIXES = {"-restore-consumer", "-consumer", "-producer", "-admin"};

    private record Registered(Metric metric, Meter meter) {
    }

    private final MeterRegistry registry;
    private final String applicationId;
    private final Map<MetricName, Registered> meters = new HashMap<>();

    public KafkaMeters(MeterRegistry registry, String applicationId) {
        this.registry = registry;
        this.applicationId = applicationId;
    }

    /** Adds meters for new metrics and removes those whose metric is gone. */
    public synchronized void sync(Map<MetricName, ? extends Metric> metrics) {
        Map<String, List<String>> keysByMeterName = widestTagKeys(metrics);
        for (Iterator<Map.Entry<MetricName, Registered>> it = meters.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<MetricName, Registered> e = it.next();
            Metric now = metrics.get(e.getKey());
            if (now != e.getValue().metric() || !keysByMeterName.get(meterName(e.getKey())).equals(tagKeys(e.getKey()))) {
                registry.remove(e.getValue().meter());
                it.remove();
            }
        }
        for (Map.Entry<MetricName, ? extends Metric> e : metrics.entrySet()) {
            MetricName name = e.getKey();
            if (meters.containsKey(name) || !keysByMeterName.get(meterName(name)).equals(tagKeys(name))
                    || !(e.getValue().metricValue() instanceof Number)) {
                continue;
            }
            meters.put(name, new Registered(e.getValue(), register(name, e.getValue())));
        }
    }

    /** Removes every meter this binding added. */
    public synchronized void clear() {
        meters.values().forEach(r -> registry.remove(r.meter()));
        meters.clear();
    }

    private Meter register(MetricName name, Metric metric) {
        List<Tag> tags = tags(name);
        String meterName = meterName(name);
        if (name.name().endsWith("-total")) {
            return FunctionCounter.builder(meterName, metric, KafkaMeters::value)
                    .description(name.description()).tags(tags).register(registry);
        }
        return Gauge.builder(meterName, metric, KafkaMeters::value)
                .description(name.description()).tags(tags).strongReference(true).register(registry);
    }

    private static double value(Metric metric) {
        Object v = metric.metricValue();
        return v instanceof Number n ? n.doubleValue() : Double.NaN;
    }

    private Map<String, List<String>> widestTagKeys(Map<MetricName, ? extends Metric> metrics) {
        Map<String, List<String>> out = new HashMap<>();
        for (MetricName name : metrics.keySet()) {
            List<String> keys = tagKeys(name);
            out.merge(meterName(name), keys, (a, b) -> a.size() > b.size()
                    || (a.size() == b.size() && a.toString().compareTo(b.toString()) <= 0) ? a : b);
        }
        return out;
    }

    /** The tag keys the meter of {@code name} has: Kafka's plus those this binding adds. */
    private List<String> tagKeys(MetricName name) {
        TreeSet<String> keys = new TreeSet<>(name.tags().keySet());
        keys.add("application-id");
        if (threadOf(name) != null) {
            keys.add("thread-id");
        }
        return new ArrayList<>(keys);
    }

    private List<Tag> tags(MetricName name) {
        List<Tag> tags = new ArrayList<>();
        name.tags().forEach((k, v) -> tags.add(Tag.of(k, v)));
        if (!name.tags().containsKey("application-id")) {
            tags.add(Tag.of("application-id", applicationId));
        }
        String thread = threadOf(name);
        if (thread != null && !name.tags().containsKey("thread-id")) {
            tags.add(Tag.of("thread-id", thread));
        }
        return tags;
    }

    /** The Eos thread a client belongs to, from its client id ({@code <thread>-producer}, ...), or null. */
    private String threadOf(MetricName name) {
        String clientId = name.tags().get("client-id");
        if (clientId == null || !clientId.startsWith(applicationId + "-thread-")) {
            return null;
        }
        for (String suffix : CLIENT_SUFFIXES) {
            if (clientId.endsWith(suffix)) {
                return clientId.substring(0, clientId.length() - suffix.length());
            }
        }
        return null;
    }

    static String meterName(MetricName name) {
        String group = name.group();
        if (group.endsWith("-metrics")) {
            group = group.substring(0, group.length() - "-metrics".length());
        }
        String prefix = group.startsWith("eos-") ? "" : "kafka.";
        return (prefix + group + "." + name.name()).replace('-', '.');
    }
}
