package dev.eos.examples.rekey;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Writes JSON page-view events keyed by country, the way a country-partitioned system would:
 * {@code {"seq":41,"user_id":"u17","session_id":"s3","country":"US","page":"/p/5"}}.
 *
 * <p>A few countries dominate (the hot keys: US has about a third of the users), so the source
 * topic is skewed. Each user lives in one country and so in one source partition; a user's
 * events are written in {@code seq} order and a new session starts every
 * {@value #EVENTS_PER_SESSION} events of that user. Two bad records are added, one that is not
 * JSON and one without {@code user_id}, to show the error handler at work.
 */
final class EventGenerator {
    static final int EVENTS_PER_SESSION = 5;
    static final int BAD_RECORDS = 2;
    private static final String[] COUNTRIES = {"US", "IN", "BR", "DE", "FR", "GB", "JP", "MX", "NG", "ES", "CA", "KR"};
    /** Share of users per country, in percent, in the order of {@link #COUNTRIES}. */
    private static final int[] WEIGHTS = {34, 20, 12, 8, 5, 4, 4, 3, 3, 3, 2, 2};
    private static final ObjectMapper JSON = new ObjectMapper();

    private EventGenerator() {
    }

    /** The number of users for {@code events} events: about 20 events each, at most 5,000 users. */
    static int users(int events) {
        return Math.max(1, Math.min(5_000, events / 20));
    }

    /** Writes {@code events} events and {@value #BAD_RECORDS} bad records; returns how many records it wrote. */
    static int generate(String bootstrap, String topic, int events) {
        Map<String, Object> config = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.LINGER_MS_CONFIG, 5,
                ProducerConfig.BATCH_SIZE_CONFIG, 64 * 1024,
                ProducerConfig.ACKS_CONFIG, "all",
                // One request at a time: a retried batch is then always recognised as a duplicate,
                // even on a broker too busy to answer within request.timeout.ms.
                ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
        AtomicReference<Exception> failure = new AtomicReference<>();
        Callback onFailure = (metadata, e) -> {
            if (e != null) {
                failure.compareAndSet(null, e);
            }
        };
        int users = users(events);
        String[] countryOf = new String[users];
        int[] eventsOf = new int[users];
        Random random = new Random(42);
        for (int u = 0; u < users; u++) {
            countryOf[u] = pickCountry(random);
        }
        int written = 0;
        try (KafkaProducer<String, String> producer =
                     new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
            for (int seq = 0; seq < events; seq++) {
                if (seq == events / 3) {
                    producer.send(new ProducerRecord<>(topic, "FR", "{\"seq\":" + seq + ", \"user_id\": \"u1\", oops"), onFailure);
                    written++;
                }
                if (seq == 2 * events / 3) {
                    producer.send(new ProducerRecord<>(topic, "FR", "{\"seq\":" + seq + ",\"country\":\"FR\",\"page\":\"/\"}"), onFailure);
                    written++;
                }
                int user = random.nextInt(users);
                String session = "s" + (eventsOf[user]++ / EVENTS_PER_SESSION);
                producer.send(new ProducerRecord<>(topic, countryOf[user], event(seq, user, session, countryOf[user], random)),
                        onFailure);
                written++;
            }
            producer.flush();
        }
        if (failure.get() != null) {
            throw new IllegalStateException("Could not write the generated events to '" + topic + "': " + failure.get(),
                    failure.get());
        }
        return written;
    }

    static String event(int seq, int user, String session, String country, Random random) {
        ObjectNode event = JSON.createObjectNode()
                .put("seq", seq)
                .put("user_id", "u" + user)
                .put("session_id", session)
                .put("country", country)
                .put("page", "/p/" + random.nextInt(50));
        return event.toString();
    }

    private static String pickCountry(Random random) {
        int r = random.nextInt(100);
        for (int i = 0; i < COUNTRIES.length; i++) {
            r -= WEIGHTS[i];
            if (r < 0) {
                return COUNTRIES[i];
            }
        }
        return COUNTRIES[COUNTRIES.length - 1];
    }
}
