package dev.eos.avro.compat;

/**
 * One reason a new schema breaks a compatibility rule against one earlier version.
 *
 * @param againstVersion the earlier version it was checked against
 * @param direction {@code BACKWARD} (the new schema cannot read data of that version) or
 *     {@code FORWARD} (a reader with that version cannot read data of the new schema)
 * @param field the field concerned, as a dotted path from the record ({@code customer.email}), or
 *     {@code <root>} when the problem is the schema itself
 * @param type Avro's name for the problem, for example {@code READER_FIELD_MISSING_DEFAULT_VALUE}
 * @param message Avro's explanation
 */
public record SchemaIncompatibility(int againstVersion, String direction, String field, String type, String message) {

    /** One line, for reports and exception messages. */
    public String describe() {
        return direction + " against version " + againstVersion + ": field '" + field + "': " + type + " (" + message + ")";
    }
}
