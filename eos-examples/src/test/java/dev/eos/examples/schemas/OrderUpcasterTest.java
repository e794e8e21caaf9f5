package dev.eos.examples.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;

class OrderUpcasterTest {
    private final OrderUpcaster upcaster = new OrderUpcaster(OrderSchemas.ordersV2());

    @Test
    void upcast_convertsAmountToCentsRenamesCustomerAndKeepsAListedCurrency() {
        GenericRecord v1 = order(OrderSchemas.ordersV1(1), 12.5, "eur");

        GenericRecord v2 = upcaster.upcast(v1);

        assertThat(v2.get("order_id")).isEqualTo("o-7");
        assertThat(v2.get("customer_id")).isEqualTo("c-3");
        assertThat(v2.get("total_cents")).isEqualTo(1250L);
        assertThat(v2.get("currency").toString()).isEqualTo("EUR");
        assertThat(v2.get("coupon")).isNull();
        assertThat(GenericData.get().validate(OrderSchemas.ordersV2(), v2)).isTrue();
    }

    @Test
    void upcast_mapsACurrencyTheEnumDoesNotListToItsDefault() {
        assertThat(upcaster.upcast(order(OrderSchemas.ordersV1(1), 1.0, "CHF")).get("currency").toString())
                .isEqualTo("OTHER");
    }

    @Test
    void upcast_carriesTheCouponOfOrdersWrittenWithV2() {
        GenericRecord v1 = order(OrderSchemas.ordersV1(2), 0.1, "USD");
        v1.put("coupon", "WELCOME1");

        GenericRecord v2 = upcaster.upcast(v1);

        assertThat(v2.get("coupon")).isEqualTo("WELCOME1");
        assertThat(v2.get("total_cents")).isEqualTo(10L);
    }

    @Test
    void upcast_isTheSameRecordWhenReplayed() {
        GenericRecord v1 = order(OrderSchemas.ordersV1(2), 99.99, "GBP");

        assertThat(upcaster.upcast(v1)).isEqualTo(upcaster.upcast(v1));
    }

    private static GenericRecord order(org.apache.avro.Schema schema, double amount, String currency) {
        GenericData.Record order = new GenericData.Record(schema);
        order.put("order_id", "o-7");
        order.put("customer", "c-3");
        order.put("amount", amount);
        order.put("currency", currency);
        return order;
    }
}
