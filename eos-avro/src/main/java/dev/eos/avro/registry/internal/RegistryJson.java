package dev.eos.avro.registry.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.eos.avro.registry.RegisteredSchema;
import dev.eos.avro.registry.SchemaRegistryException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;

/** The JSON bodies of the Confluent REST API, both ways, and its error answers. */
public final class RegistryJson {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private RegistryJson() {
    }

    /** {@code {"schema": "<schema json>"}}; Avro is the default schema type, so none is named. */
    public static String schemaBody(Schema schema) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("schema", schema.toString());
        return node.toString();
    }

    public static String compatibilityBody(String level) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("compatibility", level);
        return node.toString();
    }

    /** A path segment: subjects may hold characters such as {@code /} or spaces. */
    public static String segment(String subject) {
        return URLEncoder.encode(subject, StandardCharsets.UTF_8).replace("+", "%20");
    }

    public static Schema parseSchema(JsonNode node, String url) {
        JsonNode schema = node.get("schema");
        if (schema == null || !schema.isTextual()) {
            throw new SchemaRegistryException("The schema registry's answer from " + url + " has no 'schema' text",
                    200, 0, node.toString(), url);
        }
        String type = node.hasNonNull("schemaType") ? node.get("schemaType").asText() : "AVRO";
        if (!type.equalsIgnoreCase("AVRO")) {
            throw new SchemaRegistryException("The schema at " + url + " is of type " + type
                    + ", not AVRO; Eos's Avro serdes read Avro schemas only", 200, 0, type, url);
        }
        try {
            return new Schema.Parser().parse(schema.asText());
        } catch (SchemaParseException e) {
            throw new SchemaRegistryException("The schema at " + url + " is not valid Avro: " + e.getMessage(),
                    200, SchemaRegistryException.INVALID_SCHEMA, e.getMessage(), url);
        }
    }

    public static RegisteredSchema registered(String subject, JsonNode node, String url) {
        String s = node.hasNonNull("subject") ? node.get("subject").asText() : subject;
        return new RegisteredSchema(s, node.path("version").asInt(), node.path("id").asInt(), parseSchema(node, url));
    }

    static JsonNode parse(String body, String url) {
        if (body == null || body.isBlank()) {
            return NullNode.getInstance();
        }
        try {
            return MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            throw new SchemaRegistryException("The schema registry at " + url + " answered with text that is not JSON: "
                    + abbreviate(body), 200, 0, abbreviate(body), url);
        }
    }

    static String errorMessage(String body) {
        try {
            JsonNode node = MAPPER.readTree(body == null ? "" : body);
            if (node != null && node.hasNonNull("message")) {
                return node.get("message").asText();
            }
        } catch (JsonProcessingException e) {
            // not JSON: quote the text
        }
        return abbreviate(body);
    }

    /**
     * Whether a 4xx answer is the registry's own refusal (final), rather than something between
     * us and the registry: a registry error code of its own (five digits, such as 40403), or a 409
     * or 422, which only a registry sends here.
     */
    static boolean isRegistryRefusal(int status, String body) {
        if (status < 400 || status >= 500 || status == 401 || status == 403 || status == 408 || status == 429) {
            return false;
        }
        if (status == 409 || status == 422) {
            return true;
        }
        try {
            JsonNode node = MAPPER.readTree(body == null ? "" : body);
            return node != null && node.hasNonNull("error_code") && node.get("error_code").asInt() >= 10_000;
        } catch (JsonProcessingException e) {
            return false;
        }
    }

    static SchemaRegistryException error(String method, String url, int status, String body) {
        int code = status;
        try {
            JsonNode node = MAPPER.readTree(body == null ? "" : body);
            if (node != null && node.hasNonNull("error_code")) {
                code = node.get("error_code").asInt();
            }
        } catch (JsonProcessingException e) {
            // keep the status as the code
        }
        String message = errorMessage(body);
        String hint = switch (status) {
            case 401 -> "; check basic.auth.credentials.source and basic.auth.user.info";
            case 403 -> "; the credentials lack rights for this request";
            default -> "";
        };
        return new SchemaRegistryException("Schema registry refused " + method + " " + url + ": HTTP " + status
                + ", error_code " + code + ": " + message + hint, status, code, message, url);
    }

    private static String abbreviate(String body) {
        if (body == null) {
            return "";
        }
        String oneLine = body.replaceAll("\\s+", " ").trim();
        return oneLine.length() > 200 ? oneLine.substring(0, 200) + "..." : oneLine;
    }
}
