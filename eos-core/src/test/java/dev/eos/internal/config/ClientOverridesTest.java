package dev.eos.internal.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClientOverridesTest {

    @Test
    void sharedSecuritySettingsReachEveryClient() {
        ClientOverrides o = ClientOverrides.split(Map.of("security.protocol", "SASL_SSL"));

        assertThat(o.consumer()).containsEntry("security.protocol", "SASL_SSL");
        assertThat(o.producer()).containsEntry("security.protocol", "SASL_SSL");
        assertThat(o.admin()).containsEntry("security.protocol", "SASL_SSL");
    }

    @Test
    void aClientPrefixedSettingWinsOverTheSharedOneWhicheverComesFirst() {
        Map<String, Object> prefixedFirst = new LinkedHashMap<>();
        prefixedFirst.put("admin.sasl.mechanism", "PLAIN");
        prefixedFirst.put("sasl.mechanism", "SCRAM-SHA-256");
        Map<String, Object> sharedFirst = new LinkedHashMap<>();
        sharedFirst.put("sasl.mechanism", "SCRAM-SHA-256");
        sharedFirst.put("admin.sasl.mechanism", "PLAIN");

        for (Map<String, Object> settings : java.util.List.of(prefixedFirst, sharedFirst)) {
            ClientOverrides o = ClientOverrides.split(settings);
            assertThat(o.admin()).containsEntry("sasl.mechanism", "PLAIN");
            assertThat(o.consumer()).containsEntry("sasl.mechanism", "SCRAM-SHA-256");
            assertThat(o.producer()).containsEntry("sasl.mechanism", "SCRAM-SHA-256");
        }
    }
}
