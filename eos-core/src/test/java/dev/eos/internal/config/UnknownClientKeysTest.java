package dev.eos.internal.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UnknownClientKeysTest {

    @Test
    void shouldWarnAboutAMisspelledProducerKeyAndSuggestTheKnownOne() {
        assertThat(UnknownClientKeys.of(Map.of("producer.compresion.type", "lz4"))).containsExactly(
                "producer.compresion.type is not a producer setting Kafka knows, so the producer ignores it unless"
                        + " a plugin of yours reads it; did you mean producer.compression.type?");
    }

    @Test
    void shouldNotWarnAboutKnownKeysOfEachClientOrSharedSecuritySettings() {
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("producer.compression.type", "lz4");
        settings.put("consumer.max.poll.records", 10);
        settings.put("admin.request.timeout.ms", 1000);
        settings.put("security.protocol", "SASL_SSL");
        settings.put("sasl.mechanism", "SCRAM-SHA-256");
        settings.put("ssl.truststore.location", "/x");

        assertThat(UnknownClientKeys.of(settings)).isEmpty();
    }

    @Test
    void shouldCheckEachKeyAgainstItsOwnClient() {
        // transactional.id is a producer key, not a consumer one
        assertThat(UnknownClientKeys.of(Map.of("consumer.transactional.id", "x")))
                .singleElement().asString().startsWith("consumer.transactional.id is not a consumer setting");
    }

    @Test
    void shouldNotSuggestAKeyThatIsFarFromTheUnknownOne() {
        assertThat(UnknownClientKeys.of(Map.of("producer.schema.registry.url", "http://r")))
                .singleElement().asString().doesNotContain("did you mean");
    }
}
