package dev.eos.it;

import static dev.eos.it.KafkaIo.entry;
import static dev.eos.it.KafkaIo.string;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.eos.AppState;
import dev.eos.EosApp;
import dev.eos.EosConfig;
import dev.eos.dsl.Consumed;
import dev.eos.dsl.Grouped;
import dev.eos.dsl.Materialized;
import dev.eos.dsl.Pipeline;
import dev.eos.dsl.PipelineBuilder;
import dev.eos.dsl.Produced;
import dev.eos.errors.EosException;
import dev.eos.errors.MissingAclException;
import dev.eos.testkit.kafka.ClusterSecurity;
import dev.eos.testkit.kafka.EmbeddedKafkaCluster;
import dev.eos.testkit.kafka.EmbeddedKafkaExtension;
import dev.eos.testkit.kafka.SecurityOptions;
import dev.eos.testkit.verify.ExactlyOnceVerifier;
import dev.eos.testkit.verify.VerificationReport;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.security.auth.SecurityProtocol;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * An Eos app on a secured cluster (SASL_SSL, SCRAM-SHA-256, {@code StandardAuthorizer} denying
 * what no ACL allows): with the minimum ACLs of docs/how-to/security.md a stateful pipeline with a
 * repartition topic and a changelog processes exactly once; without any one of them it fails fast
 * with an error naming that ACL; with a wrong password it fails with a clear message. One
 * cluster for the class; every case has its own user, application id and topics.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SecuredPipelineIT {
    private static final Serde<String> STRINGS = Serdes.String();
    private static final Duration FAIL_TIMEOUT = Duration.ofSeconds(60);
    private static final AtomicInteger CASES = new AtomicInteger();
    @RegisterExtension
    static final EmbeddedKafkaExtension KAFKA = EmbeddedKafkaExtension.secured(SecurityOptions.defaults());
    private static EmbeddedKafkaCluster kafka;

    @TempDir
    Path stateDir;

    /** The ACLs the app needs, each of which a case leaves out. */
    enum Acl {
        INPUT_READ, OUTPUT_WRITE, OUTPUT_DESCRIBE_CONFIGS,
        INTERNAL_READ, INTERNAL_WRITE, INTERNAL_CREATE, INTERNAL_DESCRIBE_CONFIGS,
        GROUP_READ, TRANSACTIONAL_ID_WRITE
    }

    /** One case: a user, an application id and topics of its own. */
    private record Case(String user, String password, String appId, String input, String output) {
        static Case next(String name) {
            int n = CASES.incrementAndGet();
            return new Case("user-" + name + "-" + n, "secret-" + n, "secured-" + name + "-" + n,
                    "in-" + name + "-" + n, "out-" + name + "-" + n);
        }

        String prefix() {
            return appId + "-";
        }
    }

    @BeforeAll
    static void cluster(EmbeddedKafkaCluster secured) {
        kafka = secured;
    }

    @Test
    void shouldProcessExactlyOnceOverSaslSslWithOnlyTheMinimumAcls() throws Exception {
        Case c = Case.next("minimum");
        List<ProducerRecord<byte[], byte[]>> input = prepare(c, 2000, List.of());

        List<Map.Entry<String, String>> actual;
        try (EosApp app = EosApp.create(countPipeline(c), config(c, c.password()))) {
            Apps.startAndAwaitRunning(app);
            // One count update per input record, once both sub-topologies are through.
            actual = KafkaIo.asStrings(KafkaIo.readCommitted(kafka, c.output(), input.size()));
        }
        VerificationReport report = ExactlyOnceVerifier.verify(input.size(), expectedCounts(input), actual);
        assertThat(report.isExactlyOnce()).as("%s", report).isTrue();
    }

    @ParameterizedTest(name = "without {0}")
    @EnumSource(Acl.class)
    void shouldFailFastNamingTheMissingAcl(Acl missing) throws Exception {
        Case c = Case.next(missing.name().toLowerCase().replace('_', '-'));
        prepare(c, 20, List.of(missing));

        Throwable error = runUntilFailed(c, config(c, c.password()));

        assertThat(error).as("the app's error without %s", missing).isInstanceOf(MissingAclException.class);
        assertThat(error.getMessage()).contains(expectedWords(missing, c)).doesNotContain(c.password());
        assertThat(((MissingAclException) error).aclCommands())
                .anySatisfy(command -> assertThat(command).contains("--allow-principal User:" + c.user())
                        .contains(expectedOption(missing, c)));
    }

    @Test
    void shouldFailClearlyWithAWrongPasswordAndNotPrintIt() throws Exception {
        Case c = Case.next("wrong-password");
        prepare(c, 1, List.of());
        String wrong = "not-the-password-" + c.password();

        Throwable error = runUntilFailed(c, config(c, wrong));

        assertThat(error).isInstanceOf(EosException.class).isNotInstanceOf(MissingAclException.class)
                .hasMessageContaining("could not authenticate")
                .hasMessageContaining("as user '" + c.user() + "'")
                .hasMessageContaining("sasl.jaas.config");
        assertThat(error.getMessage()).doesNotContain(wrong);
    }

    /** Creates the case's topics, its user and every ACL but {@code left out}; writes input. */
    private static List<ProducerRecord<byte[], byte[]>> prepare(Case c, int records, List<Acl> leftOut) {
        kafka.createTopic(c.input(), 2);
        kafka.createTopic(c.output(), 2);
        kafka.security().addScramUser(c.user(), c.password());
        List<AclBinding> acls = new ArrayList<>();
        for (Acl acl : Acl.values()) {
            if (!leftOut.contains(acl)) {
                acls.add(binding(acl, c));
            }
        }
        kafka.security().grant(acls);
        List<ProducerRecord<byte[], byte[]>> input = new ArrayList<>();
        for (int i = 0; i < records; i++) {
            input.add(KafkaIo.record(c.input(), "k" + (i % 7), "user-" + (i % 13)));
        }
        KafkaIo.produce(kafka, input);
        return input;
    }

    /** The ACLs of docs/how-to/security.md for the case's app. */
    private static AclBinding binding(Acl acl, Case c) {
        return switch (acl) {
            case INPUT_READ -> allow(ResourceType.TOPIC, c.input(), false, AclOperation.READ, c);
            case OUTPUT_WRITE -> allow(ResourceType.TOPIC, c.output(), false, AclOperation.WRITE, c);
            case OUTPUT_DESCRIBE_CONFIGS -> allow(ResourceType.TOPIC, c.output(), false, AclOperation.DESCRIBE_CONFIGS, c);
            case INTERNAL_READ -> allow(ResourceType.TOPIC, c.prefix(), true, AclOperation.READ, c);
            case INTERNAL_WRITE -> allow(ResourceType.TOPIC, c.prefix(), true, AclOperation.WRITE, c);
            case INTERNAL_CREATE -> allow(ResourceType.TOPIC, c.prefix(), true, AclOperation.CREATE, c);
            case INTERNAL_DESCRIBE_CONFIGS -> allow(ResourceType.TOPIC, c.prefix(), true, AclOperation.DESCRIBE_CONFIGS, c);
            case GROUP_READ -> allow(ResourceType.GROUP, c.appId(), false, AclOperation.READ, c);
            case TRANSACTIONAL_ID_WRITE -> allow(ResourceType.TRANSACTIONAL_ID, c.prefix(), true, AclOperation.WRITE, c);
        };
    }

    /** How the error must name the ACL, in words. */
    private static String expectedWords(Acl acl, Case c) {
        String principal = " for User:" + c.user();
        return switch (acl) {
            case INPUT_READ -> "Read on Topic '" + c.input() + "'" + principal;
            case OUTPUT_WRITE -> "Write on Topic '" + c.output() + "'" + principal;
            case OUTPUT_DESCRIBE_CONFIGS -> "DescribeConfigs on Topic '" + c.output() + "'" + principal;
            case INTERNAL_READ, INTERNAL_WRITE -> "Read, Write on Topic prefix '" + c.prefix() + "'" + principal;
            case INTERNAL_CREATE -> "Create on Topic prefix '" + c.prefix() + "'" + principal;
            case INTERNAL_DESCRIBE_CONFIGS -> "DescribeConfigs on Topic prefix '" + c.prefix() + "'" + principal;
            case GROUP_READ -> "Read on Group '" + c.appId() + "'" + principal;
            case TRANSACTIONAL_ID_WRITE -> "Write on TransactionalId prefix '" + c.prefix() + "'" + principal;
        };
    }

    /** The resource option of its {@code kafka-acls.sh} line. */
    private static String expectedOption(Acl acl, Case c) {
        return switch (acl) {
            case INPUT_READ -> "--operation Read --topic " + c.input();
            case OUTPUT_WRITE -> "--operation Write --topic " + c.output();
            case OUTPUT_DESCRIBE_CONFIGS -> "--operation DescribeConfigs --topic " + c.output();
            case INTERNAL_READ, INTERNAL_WRITE -> "--operation Read --operation Write --topic " + c.prefix()
                    + " --resource-pattern-type prefixed";
            case INTERNAL_CREATE -> "--operation Create --topic " + c.prefix() + " --resource-pattern-type prefixed";
            case INTERNAL_DESCRIBE_CONFIGS -> "--operation DescribeConfigs --topic " + c.prefix()
                    + " --resource-pattern-type prefixed";
            case GROUP_READ -> "--operation Read --group " + c.appId();
            case TRANSACTIONAL_ID_WRITE -> "--operation Write --transactional-id " + c.prefix()
                    + " --resource-pattern-type prefixed";
        };
    }

    private static AclBinding allow(ResourceType type, String name, boolean prefixed, AclOperation operation,
                                    Case c) {
        return new AclBinding(new ResourcePattern(type, name, prefixed ? PatternType.PREFIXED : PatternType.LITERAL),
                new AccessControlEntry(ClusterSecurity.principal(c.user()), "*", operation, AclPermissionType.ALLOW));
    }

    /** The app over SASL_SSL as the case's user. */
    private EosConfig config(Case c, String password) {
        Map<String, Object> settings = new HashMap<>(
                kafka.security().clientConfig(c.user(), password, SecurityProtocol.SASL_SSL));
        return EosConfig.builder()
                .applicationId(c.appId())
                .setAll(settings)
                .set(EosConfig.COMMIT_INTERVAL_MS, 100)
                .set(EosConfig.STATE_DIR, stateDir.resolve(c.appId()).toString())
                .build();
    }

    /** Counts the records of each user: through a repartition topic into a changelogged store. */
    private static Pipeline countPipeline(Case c) {
        PipelineBuilder builder = new PipelineBuilder();
        builder.stream(c.input(), Consumed.with(STRINGS, STRINGS))
                .groupBy((key, user) -> user, Grouped.with(STRINGS, STRINGS).withName("by-user"))
                .count(Materialized.as("counts"))
                .toStream()
                .mapValues(String::valueOf)
                .to(c.output(), Produced.with(STRINGS, STRINGS));
        return builder.build();
    }

    private static List<Map.Entry<String, String>> expectedCounts(List<ProducerRecord<byte[], byte[]>> input) {
        Map<String, Long> counts = new HashMap<>();
        List<Map.Entry<String, String>> expected = new ArrayList<>();
        for (ProducerRecord<byte[], byte[]> r : input) {
            String user = string(r.value());
            expected.add(entry(user, String.valueOf(counts.merge(user, 1L, Long::sum))));
        }
        return expected;
    }

    /** Starts the app and returns the error it fails with, from start() or from a thread. */
    private Throwable runUntilFailed(Case c, EosConfig config) throws InterruptedException {
        try (EosApp app = EosApp.create(countPipeline(c), config)) {
            Throwable fromStart = catchThrowable(app::start);
            if (fromStart != null) {
                assertThat(app.state()).isEqualTo(AppState.ERROR);
                return fromStart;
            }
            assertThat(app.awaitState(AppState.ERROR, FAIL_TIMEOUT))
                    .as("the app fails within %s; it is %s", FAIL_TIMEOUT, app.state()).isTrue();
            return app.fatalError();
        }
    }
}
