package dev.eos.examples.rekey;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.eos.dsl.CompoundKey;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Reads the new key of a JSON event: the value of one named field, or the values of several
 * joined into a compound key with {@value #SEPARATOR} ({@code user_id,session_id} gives
 * {@code "u17:s3"}).
 *
 * <p>An event that is not a JSON object, lacks a field, or has a field that is null, an object or
 * an array throws an {@link IllegalArgumentException} that says which. In the pipeline that is a
 * failure of user code, handled by {@code processing.error.handler}, which wraps it with the
 * record's topic, partition and offset.
 */
final class EventKeys {
    static final String SEPARATOR = ":";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int SHOWN_CHARS = 80;

    private final List<String> fields;

    EventKeys(List<String> fields) {
        if (fields.isEmpty()) {
            throw new IllegalArgumentException("At least one key field is needed");
        }
        this.fields = List.copyOf(fields);
    }

    List<String> fields() {
        return fields;
    }

    /** The new key of {@code json}. */
    String keyOf(String json) {
        JsonNode event = parse(json);
        List<String> parts = new ArrayList<>(fields.size());
        for (String field : fields) {
            parts.add(field(event, field, json));
        }
        return CompoundKey.of(SEPARATOR, parts);
    }

    /** The text of one scalar field of {@code json}. */
    String field(String json, String field) {
        return field(parse(json), field, json);
    }

    private static String field(JsonNode event, String field, String json) {
        JsonNode node = event.get(field);
        if (node == null || node.isNull()) {
            throw new IllegalArgumentException("Event has no field '" + field + "' (fields: " + names(event) + "): "
                    + shown(json));
        }
        if (!node.isValueNode()) {
            throw new IllegalArgumentException("Field '" + field + "' of the event is " + node.getNodeType()
                    + ", not a string, number or boolean: " + shown(json));
        }
        return node.asText();
    }

    private static JsonNode parse(String json) {
        if (json == null) {
            throw new IllegalArgumentException("Event has no value (a tombstone)");
        }
        JsonNode event;
        try {
            event = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Event is not valid JSON (" + e.getOriginalMessage() + "): " + shown(json), e);
        }
        if (event == null || !event.isObject()) {
            throw new IllegalArgumentException("Event is not a JSON object: " + shown(json));
        }
        return event;
    }

    private static String names(JsonNode event) {
        List<String> names = new ArrayList<>();
        for (Iterator<String> it = event.fieldNames(); it.hasNext(); ) {
            names.add(it.next());
        }
        return String.join(", ", names);
    }

    private static String shown(String json) {
        return json.length() <= SHOWN_CHARS ? json : json.substring(0, SHOWN_CHARS) + "...";
    }
}
