package dev.eos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.eos.errors.ConfigException;
import dev.eos.errors.DeserializationErrorHandling;
import dev.eos.errors.ProcessingErrorHandling;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class EosConfigTest {

    private static EosConfig.Builder minimal() {
        return EosConfig.builder().applicationId("orders").bootstrapServers("localhost:9092");
    }

    @Test
    void processingGuarantee_shouldAcceptEverySpellingItsErrorMessageSuggests() {
        for (Object spelling : new Object[] {"at_least_once", "at-least-once", "AT_LEAST_ONCE", " At-Least-Once ",
                ProcessingGuarantee.AT_LEAST_ONCE}) {
            assertThat(minimal().set(EosConfig.PROCESSING_GUARANTEE, spelling).build().processingGuarantee())
                    .as("%s", spelling).isEqualTo(ProcessingGuarantee.AT_LEAST_ONCE);
        }
        for (Object spelling : new Object[] {"exactly_once", "exactly-once", "exactly_once_v2", "EXACTLY-ONCE-V2",
                ProcessingGuarantee.EXACTLY_ONCE}) {
            assertThat(minimal().set(EosConfig.PROCESSING_GUARANTEE, spelling).build().processingGuarantee())
                    .as("%s", spelling).isEqualTo(ProcessingGuarantee.EXACTLY_ONCE);
        }
        assertThatThrownBy(() -> minimal().set(EosConfig.PROCESSING_GUARANTEE, "exactly_twice").build())
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("processing.guarantee=exactly_twice is not a processing guarantee")
                .hasMessageContaining("Fix: use exactly_once (the default) or at_least_once");
    }

    @Test
    void aNullValue_shouldFailNamingTheKeyInsteadOfSilentlyUsingTheDefault() {
        assertThatThrownBy(() -> minimal().set(EosConfig.NUM_THREADS, null).build())
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("num.threads=null is a null value")
                .hasMessageContaining("Fix: remove num.threads to use its default");
    }

    @Test
    void shouldApplyDocumentedDefaults() {
        EosConfig c = minimal().build();
        assertThat(c.processingGuarantee()).isEqualTo(ProcessingGuarantee.EXACTLY_ONCE);
        assertThat(c.numThreads()).isEqualTo(1);
        assertThat(c.commitInterval()).isEqualTo(Duration.ofMillis(100));
        assertThat(c.commitMinInterval()).isEqualTo(Duration.ofMillis(20));
        assertThat(c.transactionMaxRecords()).isEqualTo(100_000);
        assertThat(c.transactionTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(c.deserializationErrorHandling()).isEqualTo(DeserializationErrorHandling.FAIL);
        assertThat(c.processingErrorHandling()).isEqualTo(ProcessingErrorHandling.FAIL);
        assertThat(c.deadLetterTopic()).isEqualTo("orders-dead-letters");
        assertThat(c.instanceId()).isNotBlank();
    }

    @Test
    void shouldApplyDocumentedStateDefaults() {
        StateSettings state = minimal().build().state();
        assertThat(state.stateDir()).isEqualTo(java.nio.file.Path.of(System.getProperty("java.io.tmpdir"), "eos-state"));
        assertThat(state.changelogReplicationFactor()).isEqualTo(-1);
        assertThat(state.changelogMinInsyncReplicas()).isEqualTo(-1);
        assertThat(state.maxPendingBytes()).isEqualTo(64L << 20);
        assertThat(state.rocksDb().blockCacheBytes()).isEqualTo(64L << 20);
        assertThat(state.rocksDb().writeBufferBytes()).isEqualTo(32L << 20);
        assertThat(state.rocksDb().optionsHook()).isSameAs(dev.eos.state.RocksDbOptionsHook.NONE);
    }

    /** Instantiated by class name from {@code rocksdb.options.hook}. */
    public static final class MaxOpenFilesHook implements dev.eos.state.RocksDbOptionsHook {
        @Override
        public void configure(String storeName, org.rocksdb.Options options) {
            options.setMaxOpenFiles(100);
        }
    }

    @Test
    void shouldTakeTheRocksDbOptionsHookAsAnInstanceOrAClassName() {
        dev.eos.state.RocksDbOptionsHook hook = (store, options) -> { };
        assertThat(minimal().set(EosConfig.ROCKSDB_OPTIONS_HOOK, hook).build().state().rocksDb().optionsHook())
                .isSameAs(hook);
        assertThat(minimal().set(EosConfig.ROCKSDB_OPTIONS_HOOK, MaxOpenFilesHook.class.getName()).build()
                .state().rocksDb().optionsHook()).isInstanceOf(MaxOpenFilesHook.class);
        assertThatThrownBy(() -> minimal().set(EosConfig.ROCKSDB_OPTIONS_HOOK, "com.example.Missing").build())
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("rocksdb.options.hook=com.example.Missing")
                .hasMessageContaining("public no-argument constructor");
    }

    @Test
    void shouldRejectChangelogMinInsyncReplicasAboveTheReplicationFactor() {
        assertThatThrownBy(() -> minimal().set(EosConfig.STATE_CHANGELOG_REPLICATION_FACTOR, 2)
                .set(EosConfig.STATE_CHANGELOG_MIN_INSYNC_REPLICAS, 3).build())
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("state.changelog.min.insync.replicas=3");
        assertThatThrownBy(() -> minimal().set(EosConfig.STATE_CHANGELOG_REPLICATION_FACTOR, 0).build())
                .hasMessageContaining("state.changelog.replication.factor=0");
    }

    @Test
    void shouldNameMissingApplicationIdAndSayHowToFixIt() {
        assertThatThrownBy(() -> EosConfig.builder().bootstrapServers("x:1").build())
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.key()).isEqualTo("application.id"))
                .hasMessageContaining("application.id=null is required")
                .hasMessageContaining("Fix:");
    }

    @Test
    void shouldAcceptAtLeastOnce() {
        assertThat(minimal().set("processing.guarantee", "AT_LEAST_ONCE").build().processingGuarantee())
                .isEqualTo(ProcessingGuarantee.AT_LEAST_ONCE);
    }

    @Test
    void shouldRejectUnknownGuarantee() {
        assertThatThrownBy(() -> minimal().set("processing.guarantee", "maybe").build())
                .isInstanceOf(ConfigException.class).hasMessageContaining("processing.guarantee=maybe");
    }

    @Test
    void shouldRejectNonNumericAndTooSmallNumbers() {
        assertThatThrownBy(() -> minimal().set("num.threads", "two").build())
                .hasMessageContaining("num.threads=two is not a whole number");
        assertThatThrownBy(() -> minimal().set("commit.interval.ms", 0).build())
                .hasMessageContaining("commit.interval.ms=0 is too small");
        assertThatThrownBy(() -> minimal().set("num.threads", 1.5).build())
                .hasMessageContaining("num.threads=1.5 is not a whole number");
        assertThatThrownBy(() -> minimal().set("num.threads", 5_000_000_000L).build())
                .hasMessageContaining("is too large");
    }

    @Test
    void shouldRejectTransactionTimeoutShorterThanCommitIntervalPlusHeadroom() {
        assertThatThrownBy(() -> minimal().set("commit.interval.ms", 1000).set("transaction.timeout.ms", 3000).build())
                .isInstanceOfSatisfying(ConfigException.class,
                        e -> assertThat(e.key()).isEqualTo("transaction.timeout.ms"))
                .hasMessageContaining("at least 6000");
    }

    @Test
    void shouldCapTheDefaultMinimumCommitIntervalAtTheInterval() {
        assertThat(minimal().set("commit.interval.ms", 10).build().commitMinInterval())
                .isEqualTo(Duration.ofMillis(10));
    }

    @Test
    void shouldRejectAMinimumCommitIntervalLongerThanTheInterval() {
        assertThatThrownBy(() -> minimal().set("commit.min.interval.ms", 200).build())
                .isInstanceOfSatisfying(ConfigException.class,
                        e -> assertThat(e.key()).isEqualTo("commit.min.interval.ms"))
                .hasMessageContaining("commit.interval.ms=100")
                .hasMessageContaining("at most 100");
    }

    @Test
    void shouldRejectClientSettingsThatWouldWeakenExactlyOnce() {
        assertThatThrownBy(() -> minimal().set("consumer.isolation.level", "read_uncommitted").build())
                .hasMessageContaining("consumer.isolation.level=read_uncommitted cannot be set");
        assertThatThrownBy(() -> minimal().set("producer.transactional.id", "x").build())
                .hasMessageContaining("producer.transactional.id");
        assertThatThrownBy(() -> minimal().set("producer.acks", "1").build())
                .hasMessageContaining("producer.acks=1");
        assertThatThrownBy(() -> minimal().set("consumer.group.instance.id", "x").build())
                .hasMessageContaining("consumer.group.instance.id=x cannot be set")
                .hasMessageContaining("set instance.id instead");
    }

    @Test
    void shouldRejectUnknownKeysWithAHintAboutPrefixes() {
        assertThatThrownBy(() -> minimal().set("max.poll.records", 10).build())
                .hasMessageContaining("max.poll.records=10 is not an Eos config key")
                .hasMessageContaining("consumer., producer. or admin. prefix");
    }

    @Test
    void shouldPassPrefixedAndSecuritySettingsToTheRightClients() {
        EosConfig c = minimal()
                .set("consumer.max.poll.records", 50)
                .set("producer.linger.ms", 20)
                .set("admin.request.timeout.ms", 1000)
                .set("security.protocol", "SASL_SSL")
                .build();
        assertThat(c.consumerOverrides()).containsEntry("max.poll.records", 50).containsEntry("security.protocol", "SASL_SSL");
        assertThat(c.producerOverrides()).containsEntry("linger.ms", 20).containsEntry("security.protocol", "SASL_SSL");
        assertThat(c.adminOverrides()).containsEntry("request.timeout.ms", 1000).containsEntry("security.protocol", "SASL_SSL");
    }

    @Test
    void shouldParseHandlersCaseInsensitively() {
        EosConfig c = minimal().set("deserialization.error.handler", "DEAD_LETTER")
                .set("processing.error.handler", "skip").set("dead.letter.topic", "dlq").build();
        assertThat(c.deserializationErrorHandling()).isEqualTo(DeserializationErrorHandling.DEAD_LETTER);
        assertThat(c.processingErrorHandling()).isEqualTo(ProcessingErrorHandling.SKIP);
        assertThat(c.usesDeadLetterTopic()).isTrue();
        assertThat(c.deadLetterTopic()).isEqualTo("dlq");
        assertThatThrownBy(() -> minimal().set("processing.error.handler", "ignore").build())
                .hasMessageContaining("is not one of fail, skip, dead_letter");
    }

    @Test
    void shouldRejectInvalidIds() {
        assertThatThrownBy(() -> EosConfig.from(Map.of("application.id", "my app", "bootstrap.servers", "x:1")))
                .hasMessageContaining("application.id=my app is not a valid id");
    }

    @Test
    void shouldAcceptTheClassicProtocolWithRangeAssignorGivenAsNameClassOrList() {
        minimal().set("consumer.partition.assignment.strategy", "org.apache.kafka.clients.consumer.RangeAssignor")
                .build();
        minimal().set("consumer.partition.assignment.strategy", org.apache.kafka.clients.consumer.RangeAssignor.class)
                .build();
        minimal().set("consumer.group.protocol", "CLASSIC")
                .set("consumer.partition.assignment.strategy",
                        java.util.List.of(org.apache.kafka.clients.consumer.RangeAssignor.class))
                .build();
    }

    @Test
    void shouldRefuseAnAssignmentStrategyThatDoesNotCoPartitionUnderTheClassicProtocol() {
        for (Object strategy : java.util.List.<Object>of(
                "org.apache.kafka.clients.consumer.CooperativeStickyAssignor",
                org.apache.kafka.clients.consumer.RoundRobinAssignor.class,
                "org.apache.kafka.clients.consumer.RangeAssignor,org.apache.kafka.clients.consumer.CooperativeStickyAssignor")) {
            assertThatThrownBy(() -> minimal().set("consumer.partition.assignment.strategy", strategy).build())
                    .as("strategy %s", strategy)
                    .isInstanceOf(ConfigException.class)
                    .hasMessageStartingWith("consumer.partition.assignment.strategy=")
                    .hasMessageContaining("same partition number of different input topics")
                    .hasMessageContaining("Fix: remove it; Eos uses org.apache.kafka.clients.consumer.RangeAssignor")
                    .satisfies(e -> assertThat(((ConfigException) e).key())
                            .isEqualTo("consumer.partition.assignment.strategy"));
        }
        assertThatThrownBy(() -> minimal().set("consumer.group.remote.assignor", "range").build())
                .hasMessageContaining("consumer.group.remote.assignor=range only applies with consumer.group.protocol=consumer");
    }

    @Test
    void shouldAcceptTheConsumerProtocolWithTheServerSideRangeAssignorOnly() {
        EosConfig c = minimal().set("consumer.group.protocol", "consumer").build();
        assertThat(c.consumerOverrides()).containsEntry("group.protocol", "consumer");
        minimal().set("consumer.group.protocol", "consumer").set("consumer.group.remote.assignor", "range").build();

        assertThatThrownBy(() -> minimal().set("consumer.group.protocol", "consumer")
                .set("consumer.group.remote.assignor", "uniform").build())
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("consumer.group.remote.assignor=uniform would let two members own")
                .hasMessageContaining("Fix: remove it (Eos sets range");
        assertThatThrownBy(() -> minimal().set("consumer.group.protocol", "consumer")
                .set("consumer.partition.assignment.strategy", "org.apache.kafka.clients.consumer.RangeAssignor")
                .build())
                .hasMessageStartingWith("consumer.partition.assignment.strategy=org.apache.kafka.clients.consumer."
                        + "RangeAssignor cannot be set with consumer.group.protocol=consumer")
                .hasMessageContaining("Eos sets consumer.group.remote.assignor=range");
        assertThatThrownBy(() -> minimal().set("consumer.group.protocol", "consumer")
                .set("consumer.session.timeout.ms", 6000).build())
                .hasMessageStartingWith("consumer.session.timeout.ms=6000 cannot be set with consumer.group.protocol=consumer")
                .hasMessageContaining("group.consumer.session.timeout.ms on the brokers");
        assertThatThrownBy(() -> minimal().set("consumer.group.protocol", "consumer")
                .set("consumer.heartbeat.interval.ms", 500).build())
                .hasMessageContaining("group.consumer.heartbeat.interval.ms");
    }

    @Test
    void shouldRefuseAGroupProtocolKafkaConsumersDoNotHave() {
        assertThatThrownBy(() -> minimal().set("consumer.group.protocol", "streams").build())
                .isInstanceOf(ConfigException.class)
                .hasMessage("consumer.group.protocol=streams is not a group protocol. Fix: use classic (the default, "
                        + "eager range assignment) or consumer (KIP-848, incremental)");
    }

    @Test
    void shouldDefaultTheStateCleanupDelayToTenMinutesAndRefuseValuesThatAreNotPositive() {
        assertThat(minimal().build().state().cleanupDelay()).isEqualTo(Duration.ofMinutes(10));
        assertThat(minimal().set(EosConfig.STATE_CLEANUP_DELAY_MS, "30000").build().state().cleanupDelay())
                .isEqualTo(Duration.ofSeconds(30));
        assertThatThrownBy(() -> minimal().set(EosConfig.STATE_CLEANUP_DELAY_MS, 0).build())
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("state.cleanup.delay.ms=0 is too small: must be at least 1");
        assertThatThrownBy(() -> minimal().set(EosConfig.STATE_CLEANUP_DELAY_MS, "-5").build())
                .hasMessageStartingWith("state.cleanup.delay.ms=-5 is too small");
    }

    @Test
    void shouldReadProperties() {
        Properties p = new Properties();
        p.setProperty("application.id", "a");
        p.setProperty("bootstrap.servers", "b:1");
        p.setProperty("num.threads", "3");
        assertThat(EosConfig.from(p).numThreads()).isEqualTo(3);
    }
}
