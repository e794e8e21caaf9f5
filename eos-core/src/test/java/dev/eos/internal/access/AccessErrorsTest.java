package dev.eos.internal.access;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eos.EosConfig;
import dev.eos.dsl.Consumed;
import dev.eos.dsl.Grouped;
import dev.eos.dsl.PipelineBuilder;
import dev.eos.dsl.Produced;
import dev.eos.errors.EosException;
import dev.eos.errors.MissingAclException;
import dev.eos.internal.plan.LogicalPlan;
import java.util.List;
import java.util.Set;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.ClusterAuthorizationException;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.TransactionalIdAuthorizationException;
import org.apache.kafka.common.serialization.Serdes;
import org.junit.jupiter.api.Test;

/** Authorization and authentication errors name the ACL to grant or the settings to check. */
class AccessErrorsTest {
    private static final String PASSWORD = "s3cr3t-pw";
    private static final LogicalPlan PLAN = plan();
    private static final EosConfig CONFIG = EosConfig.builder()
            .applicationId("orders")
            .bootstrapServers("broker:9093")
            .set("security.protocol", "SASL_SSL")
            .set("sasl.mechanism", "SCRAM-SHA-256")
            .set("sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required "
                    + "username=\"orders-app\" password=\"" + PASSWORD + "\";")
            .build();

    private static LogicalPlan plan() {
        PipelineBuilder b = new PipelineBuilder();
        b.stream("orders-in", Consumed.with(Serdes.String(), Serdes.String()))
                .groupBy((k, v) -> v, Grouped.with(Serdes.String(), Serdes.String()).withName("by-value"))
                .count()
                .toStream()
                .to("orders-out", Produced.with(Serdes.String(), Serdes.Long()));
        return ((LogicalPlan) b.build()).resolve("orders");
    }

    private static MissingAclException explained(Throwable error) {
        Throwable explained = AccessErrors.explain(error, PLAN, CONFIG);
        assertThat(explained).isInstanceOf(MissingAclException.class).hasRootCauseInstanceOf(error.getClass());
        assertThat(explained.getMessage()).doesNotContain(PASSWORD);
        return (MissingAclException) explained;
    }

    @Test
    void shouldNameReadOnASourceTopicWriteOnAnOutputTopicAndThePrefixForInternalTopics() {
        MissingAclException e = explained(new TopicAuthorizationException(
                Set.of("orders-in", "orders-out", "orders-by-value-repartition")));

        assertThat(e.aclCommands()).containsExactlyInAnyOrder(
                "kafka-acls.sh --bootstrap-server broker:9093 --command-config admin.properties --add"
                        + " --allow-principal User:orders-app --operation Read --topic orders-in",
                "kafka-acls.sh --bootstrap-server broker:9093 --command-config admin.properties --add"
                        + " --allow-principal User:orders-app --operation Write --topic orders-out",
                "kafka-acls.sh --bootstrap-server broker:9093 --command-config admin.properties --add"
                        + " --allow-principal User:orders-app --operation Read --operation Write --topic orders-"
                        + " --resource-pattern-type prefixed");
        assertThat(e.getMessage()).contains("Read on Topic 'orders-in' for User:orders-app")
                .contains("Read, Write on Topic prefix 'orders-' for User:orders-app");
    }

    @Test
    void shouldNameGroupReadOnTheApplicationId() {
        MissingAclException e = explained(new KafkaException("poll failed", new GroupAuthorizationException(
                "Not authorized to access group: orders", "orders")));

        assertThat(e.getMessage()).contains("Read on Group 'orders' for User:orders-app");
        assertThat(e.aclCommands()).singleElement().asString().endsWith("--operation Read --group orders");
    }

    @Test
    void shouldNameTransactionalIdWriteOnTheApplicationIdPrefix() {
        MissingAclException e = explained(new TransactionalIdAuthorizationException(
                "Transactional Id authorization failed."));

        assertThat(e.getMessage()).contains("TransactionalIdAuthorizationException: Transactional Id authorization"
                        + " failed. Fix: grant Write on TransactionalId prefix 'orders-' for User:orders-app");
        assertThat(e.aclCommands()).singleElement().asString()
                .endsWith("--operation Write --transactional-id orders- --resource-pattern-type prefixed");
    }

    @Test
    void shouldNameIdempotentWriteOnTheClusterUnderAtLeastOnce() {
        EosConfig atLeastOnce = EosConfig.builder().applicationId("orders").bootstrapServers("broker:9093")
                .set(EosConfig.PROCESSING_GUARANTEE, "at_least_once").build();

        Throwable e = AccessErrors.explain(new ClusterAuthorizationException("denied"), PLAN, atLeastOnce);

        assertThat(e).isInstanceOf(MissingAclException.class)
                .hasMessageContaining("IdempotentWrite on the Cluster for User:<the app's principal>");
        assertThat(((MissingAclException) e).aclCommands()).singleElement().asString()
                .endsWith("--operation IdempotentWrite --cluster");
    }

    @Test
    void shouldNameDescribeConfigsAndCreateWhereTheyAreUsed() {
        MissingAclException configs = AccessErrors.describeConfigsDenied(
                List.of("orders-out", "orders-counts-changelog"), PLAN, CONFIG, new TopicAuthorizationException("denied"));
        MissingAclException create = AccessErrors.createDenied("orders-counts-changelog", "changelog",
                "2 partitions, {cleanup.policy=compact}", CONFIG, new TopicAuthorizationException("denied"));

        assertThat(configs.getMessage()).contains("DescribeConfigs on Topic 'orders-out'")
                .contains("DescribeConfigs on Topic prefix 'orders-'");
        assertThat(create.getMessage()).contains("Could not create changelog topic orders-counts-changelog")
                .contains("Create on Topic prefix 'orders-' for User:orders-app")
                .contains("Or create the topic yourself (2 partitions, {cleanup.policy=compact})");
    }

    @Test
    void shouldSayWhichLoginSettingsToCheckWithoutPrintingThePassword() {
        Throwable e = AccessErrors.explain(new SaslAuthenticationException(
                "Authentication failed during authentication due to invalid credentials with SASL mechanism"
                        + " SCRAM-SHA-256"), PLAN, CONFIG);

        assertThat(e).isInstanceOf(EosException.class).isNotInstanceOf(MissingAclException.class)
                .hasMessageContaining("could not authenticate")
                .hasMessageContaining("as user 'orders-app'")
                .hasMessageContaining("sasl.jaas.config")
                .hasMessageContaining("security.protocol=SASL_SSL");
        assertThat(e.getMessage()).doesNotContain(PASSWORD);
    }

    @Test
    void shouldLeaveOtherErrorsAndExplainedOnesAlone() {
        TimeoutException timeout = new TimeoutException("slow");
        MissingAclException explained = explained(new TransactionalIdAuthorizationException("denied"));

        assertThat(AccessErrors.explain((Throwable) timeout, PLAN, CONFIG)).isSameAs(timeout);
        assertThat(AccessErrors.explain((Throwable) explained, PLAN, CONFIG)).isSameAs(explained);
    }
}
