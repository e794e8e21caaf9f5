package dev.eos.avro.internal;

import java.io.IOException;
import org.apache.avro.AvroTypeException;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.IndexedRecord;
import org.apache.avro.io.Encoder;

/**
 * Writes a record with a schema other than its own ({@code use.latest.version}): fields are taken
 * by name, not position; a field the record lacks takes the writing schema's default.
 */
final class ByNameDatumWriter extends GenericDatumWriter<Object> {

    ByNameDatumWriter(Schema writeSchema) {
        super(writeSchema, GenericData.get());
    }

    @Override
    protected void writeField(Object datum, Schema.Field f, Encoder out, Object state) throws IOException {
        if (!(datum instanceof IndexedRecord record) || record.getSchema() == null) {
            super.writeField(datum, f, out, state);
            return;
        }
        Schema.Field own = record.getSchema().getField(f.name());
        Object value;
        if (own != null) {
            value = record.get(own.pos());
        } else if (f.hasDefaultValue()) {
            value = getData().getDefaultValue(f);
        } else {
            throw new AvroTypeException("the record (" + record.getSchema().getFullName() + ") has no field '"
                    + f.name() + "', which the subject's latest schema requires without a default");
        }
        try {
            write(f.schema(), value, out);
        } catch (NullPointerException | ClassCastException | AvroTypeException e) {
            throw new AvroTypeException(e.getMessage() + " in field " + f.name(), e);
        }
    }
}
