package dev.eos.avro.internal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Conversion;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericEnumSymbol;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificFixed;
import org.apache.avro.specific.SpecificRecord;

/**
 * Avro's specific data model, resolving a schema's named types to generated classes only.
 *
 * <p>Why: since 1.12 Avro refuses to load any class by a name found in a schema unless it is listed
 * in {@code org.apache.avro.SERIALIZABLE_PACKAGES} / {@code SERIALIZABLE_CLASSES}
 * ({@code ClassSecurityValidator}), which guards against schemas naming arbitrary classes. Reading
 * into generated classes needs such a lookup for every record, enum and fixed. This model loads a
 * named class without initialising it and accepts it only if Avro generated it (a
 * {@link SpecificRecord}, an enum implementing {@link GenericEnumSymbol}, or a {@link SpecificFixed});
 * anything else goes to Avro's own lookup and its validator. The conversions (logical types) are
 * those of the generated class's own model.
 */
final class GeneratedClassData extends SpecificData {
    private static final ClassValue<GeneratedClassData> BY_CLASS = new ClassValue<>() {
        @Override
        protected GeneratedClassData computeValue(Class<?> type) {
            return new GeneratedClassData(type.getClassLoader(), SpecificData.getForClass(type));
        }
    };
    private static final Class<?> NONE = Void.class;
    private final Map<String, Class<?>> classes = new ConcurrentHashMap<>();

    private GeneratedClassData(ClassLoader loader, SpecificData model) {
        super(loader);
        for (Conversion<?> c : model.getConversions()) {
            addLogicalTypeConversion(c);
        }
    }

    /** The model for a generated class (its class loader and conversions). */
    static GeneratedClassData forClass(Class<?> type) {
        return BY_CLASS.get(type);
    }

    /** The model for classes named by schemas, loaded through the context (or Eos's) class loader. */
    static GeneratedClassData forContext() {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        return new GeneratedClassData(loader == null ? GeneratedClassData.class.getClassLoader() : loader,
                SpecificData.get());
    }

    @Override
    @SuppressWarnings("rawtypes")
    public Class getClass(Schema schema) {
        switch (schema.getType()) {
            case RECORD, ENUM, FIXED -> {
                Class<?> c = classes.computeIfAbsent(getClassName(schema), this::loadGenerated);
                if (c != NONE) {
                    return c;
                }
                return super.getClass(schema);
            }
            default -> {
                return super.getClass(schema);
            }
        }
    }

    private Class<?> loadGenerated(String name) {
        try {
            Class<?> c = Class.forName(name, false, getClassLoader());
            boolean generated = SpecificRecord.class.isAssignableFrom(c)
                    || (c.isEnum() && GenericEnumSymbol.class.isAssignableFrom(c))
                    || SpecificFixed.class.isAssignableFrom(c);
            return generated ? c : NONE;
        } catch (ClassNotFoundException | LinkageError e) {
            return NONE;
        }
    }
}
