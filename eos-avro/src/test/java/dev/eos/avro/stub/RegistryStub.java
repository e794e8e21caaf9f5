package dev.eos.avro.stub;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.eos.avro.compat.CompatibilityLevel;
import dev.eos.avro.compat.CompatibilityReport;
import dev.eos.avro.compat.CompatibilityRules;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import org.apache.avro.Schema;

/**
 * A Confluent-API schema registry in memory on the JDK's HTTP server, for unit tests: the REST
 * subset the client speaks, compatibility checks with {@link CompatibilityRules}, a log of
 * requests, injected 5xx answers, and an optional basic-auth requirement.
 */
public final class RegistryStub implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final String prefix;
    private final Map<String, TreeMap<Integer, Integer>> subjects = new LinkedHashMap<>();
    private final Map<Integer, String> schemasById = new LinkedHashMap<>();
    private final Map<String, Integer> idsBySchema = new LinkedHashMap<>();
    private final Map<String, CompatibilityLevel> levels = new ConcurrentHashMap<>();
    private volatile CompatibilityLevel globalLevel = CompatibilityLevel.BACKWARD;
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final List<String> authorizations = new CopyOnWriteArrayList<>();
    private final AtomicInteger failuresToInject = new AtomicInteger();
    private volatile String injectedBody;
    private volatile String injectedLocation;
    private volatile int injectedStatus = 503;
    private volatile String requiredAuthorization;
    private int nextId = 1;

    private RegistryStub(HttpServer server, String prefix) {
        this.server = server;
        this.prefix = prefix;
        server.createContext("/", this::handle);
        server.start();
    }

    public static RegistryStub start() throws IOException {
        return start("");
    }

    /** @param prefix a path prefix such as {@code /apis/ccompat/v7}, or empty */
    public static RegistryStub start(String prefix) throws IOException {
        return new RegistryStub(HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0), prefix);
    }

    public static RegistryStub startTls(SSLContext context) throws IOException {
        HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(context));
        return new RegistryStub(server, "");
    }

    public String url() {
        String scheme = server instanceof HttpsServer ? "https" : "http";
        return scheme + "://localhost:" + server.getAddress().getPort() + prefix;
    }

    /** Requests as {@code METHOD /path?query}, without the prefix, in arrival order. */
    public List<String> requests() {
        return List.copyOf(requests);
    }

    public long requestsMatching(String start) {
        return requests.stream().filter(r -> r.startsWith(start)).count();
    }

    public List<String> authorizations() {
        return List.copyOf(authorizations);
    }

    /** The next {@code count} requests are answered with {@code status} and not served. */
    public void failNext(int count, int status) {
        answerNext(count, status, error(50001, "injected failure"), null);
    }

    /**
     * The next {@code count} requests get this answer, as something between the client and the
     * registry might give (a proxy page, a redirect), and are not served.
     */
    public void answerNext(int count, int status, String body, String location) {
        injectedStatus = status;
        injectedBody = body;
        injectedLocation = location;
        failuresToInject.set(count);
    }

    /** Requests without this exact Authorization header get 401. */
    public void requireAuthorization(String header) {
        requiredAuthorization = header;
    }

    public void setLevel(String subject, CompatibilityLevel level) {
        levels.put(subject, level);
    }

    public void setGlobalLevel(CompatibilityLevel level) {
        globalLevel = level;
    }

    /** Registers as a client would, bypassing HTTP; returns the id. */
    public synchronized int register(String subject, Schema schema) {
        return registerChecked(subject, schema.toString(), false);
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getRawPath();
            String query = exchange.getRequestURI().getRawQuery();
            if (!path.startsWith(prefix)) {
                send(exchange, 404, error(404, "no such path"));
                return;
            }
            path = path.substring(prefix.length());
            String method = exchange.getRequestMethod();
            requests.add(method + " " + path + (query == null ? "" : "?" + query));
            String auth = exchange.getRequestHeaders().getFirst("Authorization");
            authorizations.add(auth == null ? "" : auth);
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            if (failuresToInject.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                if (injectedLocation != null) {
                    exchange.getResponseHeaders().add("Location", injectedLocation);
                }
                send(exchange, injectedStatus, injectedBody);
                return;
            }
            if (requiredAuthorization != null && !requiredAuthorization.equals(auth)) {
                send(exchange, 401, error(401, "Unauthorized"));
                return;
            }
            Answer answer;
            synchronized (this) {
                answer = route(method, path.split("/"), query,
                        body.length == 0 ? null : JSON.readTree(body));
            }
            send(exchange, answer.status, answer.body);
        }
    }

    private record Answer(int status, String body) {
    }

    private Answer route(String method, String[] p, String query, JsonNode body) {
        // p[0] is "" (the path starts with '/')
        try {
            if (p.length == 2 && p[1].equals("subjects") && method.equals("GET")) {
                ArrayNode a = JSON.createArrayNode();
                subjects.keySet().forEach(a::add);
                return ok(a);
            }
            if (p.length >= 3 && p[1].equals("subjects")) {
                String subject = decode(p[2]);
                if (p.length == 3 && method.equals("POST")) {
                    return lookup(subject, body.get("schema").asText());
                }
                if (p.length == 4 && p[3].equals("versions") && method.equals("POST")) {
                    return registerAnswer(subject, body.get("schema").asText());
                }
                if (p.length == 4 && p[3].equals("versions") && method.equals("GET")) {
                    TreeMap<Integer, Integer> versions = subjects.get(subject);
                    if (versions == null) {
                        return notFound(40401, "Subject '" + subject + "' not found.");
                    }
                    ArrayNode a = JSON.createArrayNode();
                    versions.keySet().forEach(a::add);
                    return ok(a);
                }
                if (p.length == 5 && p[3].equals("versions") && method.equals("GET")) {
                    return version(subject, p[4]);
                }
            }
            if (p.length == 4 && p[1].equals("schemas") && p[2].equals("ids") && method.equals("GET")) {
                String schema = schemasById.get(Integer.parseInt(p[3]));
                if (schema == null) {
                    return notFound(40403, "Schema " + p[3] + " not found");
                }
                ObjectNode o = JSON.createObjectNode();
                o.put("schema", schema);
                return ok(o);
            }
            if (p.length == 6 && p[1].equals("compatibility") && method.equals("POST")) {
                String subject = decode(p[3]);
                if (!subjects.containsKey(subject)) {
                    return notFound(40401, "Subject '" + subject + "' not found.");
                }
                CompatibilityReport report = check(subject, new Schema.Parser().parse(body.get("schema").asText()));
                ObjectNode o = JSON.createObjectNode();
                o.put("is_compatible", report.compatible());
                if (query != null && query.contains("verbose=true")) {
                    ArrayNode messages = o.putArray("messages");
                    report.incompatibilities().forEach(i -> messages.add(i.describe()));
                }
                return ok(o);
            }
            if (p.length == 2 && p[1].equals("config")) {
                if (method.equals("PUT")) {
                    globalLevel = CompatibilityLevel.parse(body.get("compatibility").asText());
                    return ok(JSON.createObjectNode().put("compatibility", globalLevel.name()));
                }
                return ok(JSON.createObjectNode().put("compatibilityLevel", globalLevel.name()));
            }
            if (p.length == 3 && p[1].equals("config")) {
                String subject = decode(p[2]);
                if (method.equals("PUT")) {
                    CompatibilityLevel level = CompatibilityLevel.parse(body.get("compatibility").asText());
                    levels.put(subject, level);
                    return ok(JSON.createObjectNode().put("compatibility", level.name()));
                }
                CompatibilityLevel level = levels.get(subject);
                if (level == null && query != null && query.contains("defaultToGlobal=true")) {
                    level = globalLevel;
                }
                if (level == null) {
                    return notFound(40408, "Subject '" + subject + "' does not have subject-level compatibility configured");
                }
                return ok(JSON.createObjectNode().put("compatibilityLevel", level.name()));
            }
            return notFound(404, "no route for " + method + " " + String.join("/", p));
        } catch (RuntimeException e) {
            return new Answer(500, error(50001, e.toString()));
        }
    }

    private Answer registerAnswer(String subject, String schema) {
        try {
            new Schema.Parser().parse(schema);
        } catch (RuntimeException e) {
            return new Answer(422, error(42201, "Invalid schema " + e.getMessage()));
        }
        int id = registerChecked(subject, schema, true);
        if (id < 0) {
            return new Answer(409, error(409, "Schema being registered is incompatible with an earlier schema for "
                    + "subject \"" + subject + "\""));
        }
        return ok(JSON.createObjectNode().put("id", id));
    }

    /** @return the id, or -1 when incompatible */
    private int registerChecked(String subject, String schemaText, boolean check) {
        Schema schema = new Schema.Parser().parse(schemaText);
        String canonical = schema.toString();
        TreeMap<Integer, Integer> versions = subjects.computeIfAbsent(subject, s -> new TreeMap<>());
        for (int id : versions.values()) {
            if (schemasById.get(id).equals(canonical)) {
                return id;
            }
        }
        if (check && !check(subject, schema).compatible()) {
            if (versions.isEmpty()) {
                subjects.remove(subject);
            }
            return -1;
        }
        Integer id = idsBySchema.get(canonical);
        if (id == null) {
            id = nextId++;
            idsBySchema.put(canonical, id);
            schemasById.put(id, canonical);
        }
        versions.put(versions.isEmpty() ? 1 : versions.lastKey() + 1, id);
        return id;
    }

    private CompatibilityReport check(String subject, Schema candidate) {
        Map<Integer, Schema> earlier = new TreeMap<>();
        subjects.getOrDefault(subject, new TreeMap<>())
                .forEach((v, id) -> earlier.put(v, new Schema.Parser().parse(schemasById.get(id))));
        return CompatibilityRules.check(levels.getOrDefault(subject, globalLevel), candidate, earlier);
    }

    private Answer lookup(String subject, String schemaText) {
        TreeMap<Integer, Integer> versions = subjects.get(subject);
        if (versions == null) {
            return notFound(40401, "Subject '" + subject + "' not found.");
        }
        String canonical = new Schema.Parser().parse(schemaText).toString();
        for (Map.Entry<Integer, Integer> e : versions.entrySet()) {
            if (schemasById.get(e.getValue()).equals(canonical)) {
                return ok(versionNode(subject, e.getKey(), e.getValue()));
            }
        }
        return notFound(40403, "Schema not found");
    }

    private Answer version(String subject, String which) {
        TreeMap<Integer, Integer> versions = subjects.get(subject);
        if (versions == null || versions.isEmpty()) {
            return notFound(40401, "Subject '" + subject + "' not found.");
        }
        int v = which.equals("latest") ? versions.lastKey() : Integer.parseInt(which);
        Integer id = versions.get(v);
        if (id == null) {
            return notFound(40402, "Version " + which + " not found.");
        }
        return ok(versionNode(subject, v, id));
    }

    private ObjectNode versionNode(String subject, int version, int id) {
        ObjectNode o = JSON.createObjectNode();
        o.put("subject", subject);
        o.put("version", version);
        o.put("id", id);
        o.put("schema", schemasById.get(id));
        return o;
    }

    private static Answer ok(JsonNode node) {
        return new Answer(200, node.toString());
    }

    private static Answer notFound(int code, String message) {
        return new Answer(404, error(code, message));
    }

    private static String error(int code, String message) {
        return JSON.createObjectNode().put("error_code", code).put("message", message).toString();
    }

    private static String decode(String segment) {
        return URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = Objects.requireNonNull(body).getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/vnd.schemaregistry.v1+json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** The next new schema gets this id (to test the id's byte order with a multi-byte id). */
    public synchronized void nextIdIs(int id) {
        nextId = id;
    }
}
