package dev.eos.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.junit.jupiter.api.Test;

class AvroWorkloadTest {

    @Test
    void valueFor_isAboutAsLargeAsTheStringValueInAvroBinary() throws IOException {
        AvroWorkload workload = new AvroWorkload(1);
        long bytes = 0;
        for (int i = 0; i < 1_000; i++) {
            bytes += binarySize(workload.valueFor("user-00042", 100_000 + i));
        }

        // plus 5 bytes of wire-format header on the topic: within 20 % of the 100-byte String value
        assertThat(bytes / 1_000.0 + 5).isBetween(80.0, 120.0);
    }

    @Test
    void newValue_upperCasesTheStringFieldsAndKeepsTheOthers() {
        GenericRecord input = new AvroWorkload(7).valueFor("user-00042", 4_711);

        GenericRecord output = AvroWorkload.newValue(input);

        assertThat(AvroWorkload.newKey(input)).startsWith("sku-");
        assertThat(output.get("user")).isEqualTo("USER-00042");
        assertThat(output.get("sku")).isEqualTo(AvroWorkload.newKey(input).toUpperCase());
        assertThat(output.get("note").toString()).isEqualTo(input.get("note").toString().toUpperCase());
        assertThat(output.get("sequence")).isEqualTo(4_711L);
        assertThat(output.get("unit_price")).isEqualTo(input.get("unit_price"));
        assertThat(output.get("currency")).isEqualTo(input.get("currency"));
        assertThat(GenericData.get().validate(AvroWorkload.SCHEMA, output)).isTrue();
    }

    @Test
    void options_refuseTheAvroWorkloadOnAnExistingClusterWithoutARegistry() {
        assertThatThrownBy(() -> BenchmarkOptions.parse(new String[] {"--workload", "avro",
                "--bootstrap-servers", "kafka:9092"}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--workload avro with --bootstrap-servers needs --registry-url");
    }

    private static int binarySize(GenericRecord record) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        new GenericDatumWriter<GenericRecord>(record.getSchema()).write(record, encoder);
        encoder.flush();
        return out.size();
    }
}
