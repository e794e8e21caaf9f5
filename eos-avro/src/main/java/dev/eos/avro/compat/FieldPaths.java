package dev.eos.avro.compat;

import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;

/** Turns Avro's JSON-pointer location of an incompatibility ({@code /fields/1/type}) into field names. */
final class FieldPaths {

    private FieldPaths() {
    }

    static String of(Schema root, String location) {
        List<String> names = new ArrayList<>();
        Schema at = root;
        String[] steps = location == null ? new String[0] : location.split("/");
        for (int i = 0; i < steps.length && at != null; i++) {
            String step = steps[i];
            if (step.isEmpty()) {
                continue;
            }
            if (step.equals("fields") && i + 1 < steps.length && at.getType() == Schema.Type.RECORD) {
                int index = Integer.parseInt(steps[++i]);
                if (index >= at.getFields().size()) {
                    break;
                }
                Schema.Field field = at.getFields().get(index);
                names.add(field.name());
                at = field.schema();
                if (i + 1 < steps.length && steps[i + 1].equals("type")) {
                    i++;
                }
            } else if (step.equals("items") && at.getType() == Schema.Type.ARRAY) {
                at = at.getElementType();
                names.add("[]");
            } else if (step.equals("values") && at.getType() == Schema.Type.MAP) {
                at = at.getValueType();
                names.add("{}");
            } else if (at.getType() == Schema.Type.UNION && step.matches("\\d+")) {
                int index = Integer.parseInt(step);
                at = index < at.getTypes().size() ? at.getTypes().get(index) : null;
            }
        }
        return names.isEmpty() ? "<root>" : String.join(".", names).replace(".[]", "[]").replace(".{}", "{}");
    }
}
