package dev.eos.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Settings are validated where they are written, with messages that say the fix. */
class JdbcSinkSettingsTest {
    private final JdbcSinkSettings<String, Long> base =
            JdbcSinkSettings.<String, Long>forTable("totals", r -> List.of(r.key(), r.value()), "id", "amount");

    @Test
    void shouldBeImmutableWithDefaultsForTheEmbeddedDatabase() {
        JdbcSinkSettings<String, Long> pg = base.withUrl("jdbc:postgresql://127.0.0.1:5432/test", "postgres", "")
                .withKeyColumns("id").withPoolSize(2).withRetries(Duration.ofSeconds(5), Duration.ofMillis(10));

        assertThat(base.url()).isEqualTo(JdbcSinkSettings.EMBEDDED_DEFAULT_URL);
        assertThat(base.keyColumns()).isEmpty();
        assertThat(base.poolSize()).isEqualTo(4);
        assertThat(base.offsetsTable()).isEqualTo("eos_offsets");
        assertThat(pg.url()).isEqualTo("jdbc:postgresql://127.0.0.1:5432/test");
        assertThat(pg.keyColumns()).containsExactly("id");
        assertThat(pg.poolSize()).isEqualTo(2);
        assertThat(pg.retryTimeout()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void toStringAndMessagesShouldNeverShowAPasswordInTheUrl() {
        JdbcSinkSettings<String, Long> s = base.withUrl("jdbc:postgresql://db/app?user=app&password=url-Pa55word",
                "app", "arg-Pa55word");

        assertThat(s.toString()).doesNotContain("Pa55word").contains("password=[hidden]");
        assertThat(s.describeDatabase()).doesNotContain("Pa55word");
        assertThat(s.url()).as("the pool still gets the real URL").contains("url-Pa55word");
        assertThatThrownBy(() -> base.withUrl("postgresql://app:url-Pa55word@db/app", "app", ""))
                .hasMessageNotContaining("Pa55word")
                .hasMessageContaining("does not start with 'jdbc:'");
    }

    @Test
    void upsertWithoutKeyColumnsOrStatementShouldSayHowToMakeItIdempotent() {
        assertThatThrownBy(() -> JdbcSink.upsert(base))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("JdbcSink.upsert for table totals needs key columns")
                .hasMessageContaining("settings.withKeyColumns(\"id\")");
    }

    @Test
    void exactlyOnceWithoutAConsumerGroupShouldAskForTheApplicationId() {
        assertThatThrownBy(() -> JdbcSink.exactlyOnce(base))
                .hasMessageContaining("needs the consumer group whose offsets it stores in eos_offsets")
                .hasMessageContaining("settings.withConsumerGroup(<the pipeline's application.id>)");
        assertThat(JdbcSink.exactlyOnce(base.withConsumerGroup("app")).ownsOffsets()).isTrue();
        assertThat(JdbcSink.upsert(base.withKeyColumns("id")).ownsOffsets()).isFalse();
    }

    @Test
    void keyColumnsOutsideTheColumnsShouldBeRejected() {
        assertThatThrownBy(() -> base.withKeyColumns("user_id"))
                .hasMessageContaining("Key column 'user_id' is not one of the columns [id, amount]");
    }

    @Test
    void aStatementShouldHaveOnePlaceholderPerColumn() {
        assertThatThrownBy(() -> base.withStatement("INSERT INTO totals (id) VALUES (?)"))
                .hasMessageContaining("has 1 '?' placeholders but the row mapper fills 2 columns [id, amount]");
    }

    @Test
    void identifiersShouldBePlainSql() {
        assertThatThrownBy(() -> JdbcSinkSettings.<String, Long>forTable("totals; DROP TABLE x",
                r -> List.of(), "id"))
                .hasMessageContaining("is not a plain SQL identifier");
        assertThatThrownBy(() -> base.withUrl("postgresql://localhost/test", "u", "p"))
                .hasMessageContaining("does not start with 'jdbc:'");
    }
}
