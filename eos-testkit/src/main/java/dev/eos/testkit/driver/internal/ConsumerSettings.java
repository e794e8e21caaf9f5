package dev.eos.testkit.driver.internal;

import java.util.Locale;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.IsolationLevel;

/**
 * The consumer configs an {@link InMemoryConsumer} reads, validated when it is built; every
 * other key (bootstrap servers, deserializers, session timeout) is ignored. Defaults are Kafka's:
 * read_uncommitted, 500 records per poll, reset to latest, 5 minutes between polls, 60 s for a
 * blocking call.
 *
 * @param groupId            {@code group.id}, or null for a consumer that only uses {@code assign}
 * @param clientId           {@code client.id}; member ids are {@code clientId-N}
 * @param isolation          {@code isolation.level}
 * @param maxPollRecords     {@code max.poll.records}, at least 1
 * @param reset              {@code auto.offset.reset}
 * @param maxPollIntervalMs  {@code max.poll.interval.ms}, at least 1
 * @param defaultApiTimeoutMs {@code default.api.timeout.ms}, at least 0
 */
record ConsumerSettings(String groupId, String clientId, IsolationLevel isolation, int maxPollRecords,
                        ConsumerPositions.Reset reset, long maxPollIntervalMs, long defaultApiTimeoutMs) {

    private static final int DEFAULT_MAX_POLL_RECORDS = 500;
    private static final long DEFAULT_MAX_POLL_INTERVAL_MS = 300_000;
    private static final long DEFAULT_API_TIMEOUT_MS = 60_000;

    /** @throws IllegalArgumentException naming the key and value of the first invalid setting */
    static ConsumerSettings from(Map<String, ?> config) {
        Object group = config.get(ConsumerConfig.GROUP_ID_CONFIG);
        Object client = config.get(ConsumerConfig.CLIENT_ID_CONFIG);
        return new ConsumerSettings(
                group == null ? null : group.toString(),
                client == null ? "consumer" : client.toString(),
                isolationLevel(config.get(ConsumerConfig.ISOLATION_LEVEL_CONFIG)),
                maxPollRecords(config.get(ConsumerConfig.MAX_POLL_RECORDS_CONFIG)),
                offsetReset(config.get(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG)),
                millis(config, ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, DEFAULT_MAX_POLL_INTERVAL_MS, 1),
                millis(config, ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, DEFAULT_API_TIMEOUT_MS, 0));
    }

    private static long millis(Map<String, ?> config, String key, long defaultValue, long least) {
        Object configured = config.get(key);
        long value;
        try {
            value = configured == null ? defaultValue : Long.parseLong(configured.toString().trim());
        } catch (NumberFormatException e) {
            value = least - 1;
        }
        if (value < least) {
            throw new IllegalArgumentException(key + "=" + configured + " is not valid; use a whole number of "
                    + "milliseconds of at least " + least);
        }
        return value;
    }

    private static IsolationLevel isolationLevel(Object configured) {
        if (configured == null) {
            return IsolationLevel.READ_UNCOMMITTED;
        }
        return switch (configured.toString().toLowerCase(Locale.ROOT)) {
            case "read_committed" -> IsolationLevel.READ_COMMITTED;
            case "read_uncommitted" -> IsolationLevel.READ_UNCOMMITTED;
            default -> throw new IllegalArgumentException(ConsumerConfig.ISOLATION_LEVEL_CONFIG + "=" + configured
                    + " is not valid; use read_committed or read_uncommitted");
        };
    }

    private static int maxPollRecords(Object configured) {
        int value;
        try {
            value = configured == null ? DEFAULT_MAX_POLL_RECORDS : Integer.parseInt(configured.toString().trim());
        } catch (NumberFormatException e) {
            value = 0;
        }
        if (value < 1) {
            throw new IllegalArgumentException(ConsumerConfig.MAX_POLL_RECORDS_CONFIG + "=" + configured
                    + " is not valid; use a whole number of at least 1");
        }
        return value;
    }

    private static ConsumerPositions.Reset offsetReset(Object configured) {
        String value = configured == null ? "latest" : configured.toString().toLowerCase(Locale.ROOT);
        return switch (value) {
            case "earliest" -> ConsumerPositions.Reset.EARLIEST;
            case "latest" -> ConsumerPositions.Reset.LATEST;
            case "none" -> ConsumerPositions.Reset.NONE;
            default -> throw new IllegalArgumentException(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG + "=" + configured
                    + " is not modelled; use earliest, latest or none");
        };
    }
}
