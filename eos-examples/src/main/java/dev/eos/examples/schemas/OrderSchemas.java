package dev.eos.examples.schemas;

import dev.eos.avro.compat.CompatibilityLevel;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.apache.avro.Schema;

/**
 * The order schemas of the schema-evolution demo, read from the files this module keeps in
 * {@code src/main/resources} in the layout of docs/how-to/schemas.md: one folder per registry
 * subject, {@code <name>.v<N>.avsc} per version, the subject's rule in {@code compatibility}.
 *
 * <pre>
 * schemas/orders.v1-value/order.v1.avsc      the first orders
 * schemas/orders.v1-value/order.v2.avsc      + an optional coupon (compatible)
 * schemas/orders.v1-value/compatibility      FULL
 * schemas/orders.v2-value/order.v1.avsc      the breaking redesign, on the versioned topic
 * schemas/orders.v2-value/compatibility      FULL_TRANSITIVE
 * schema-proposals/orders.v1-value/order.v3.avsc   a breaking v3, refused by the registry
 * </pre>
 *
 * <pre>{@code
 * Schema v2 = OrderSchemas.ordersV1(2);
 * CompatibilityLevel rule = OrderSchemas.compatibility(OrderSchemas.ORDERS_V1_SUBJECT);
 * }</pre>
 */
public final class OrderSchemas {
    /** The subject of orders.v1's values under the topic-name strategy. */
    public static final String ORDERS_V1_SUBJECT = "orders.v1-value";
    /** The subject of orders.v2's values under the topic-name strategy. */
    public static final String ORDERS_V2_SUBJECT = "orders.v2-value";

    private OrderSchemas() {
    }

    /** Version {@code version} (1 or 2) of the orders on {@code orders.v1}. */
    public static Schema ordersV1(int version) {
        return parse("/schemas/" + ORDERS_V1_SUBJECT + "/order.v" + version + ".avsc");
    }

    /** The orders on the versioned topic {@code orders.v2} (version 1 of its subject). */
    public static Schema ordersV2() {
        return parse("/schemas/" + ORDERS_V2_SUBJECT + "/order.v1.avsc");
    }

    /** The breaking version 3 proposed for {@code orders.v1}, which the registry refuses. */
    public static Schema proposedBreakingV3() {
        return parse("/schema-proposals/" + ORDERS_V1_SUBJECT + "/order.v3.avsc");
    }

    /** The rule in {@code schemas/<subject>/compatibility}. */
    public static CompatibilityLevel compatibility(String subject) {
        return CompatibilityLevel.parse(new String(read("/schemas/" + subject + "/compatibility"),
                StandardCharsets.UTF_8).trim());
    }

    private static Schema parse(String resource) {
        return new Schema.Parser().parse(new String(read(resource), StandardCharsets.UTF_8));
    }

    private static byte[] read(String resource) {
        try (InputStream in = OrderSchemas.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is missing from eos-examples' classpath");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read " + resource, e);
        }
    }
}
