package dev.eos;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import org.junit.jupiter.api.Test;

/** The public API never exposes internal types, and the API packages do not depend on each other's internals. */
class ArchitectureTest {
    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.eos");

    private static final ArchCondition<JavaMethod> NOT_MENTION_INTERNAL_TYPES =
            new ArchCondition<>("not mention internal types in their signature") {
                @Override
                public void check(JavaMethod method, ConditionEvents events) {
                    boolean bad = isInternal(method.getRawReturnType())
                            || method.getRawParameterTypes().stream().anyMatch(ArchitectureTest::isInternal);
                    if (bad) {
                        events.add(SimpleConditionEvent.violated(method, method.getFullName() + " exposes an internal type"));
                    }
                }
            };

    private static boolean isInternal(JavaClass type) {
        return type.getPackageName().contains(".internal");
    }

    @Test
    void publicApiShouldNotExposeInternalTypes() {
        methods().that().arePublic()
                .and().areDeclaredInClassesThat().arePublic()
                .and().areDeclaredInClassesThat().resideOutsideOfPackage("..internal..")
                .should(NOT_MENTION_INTERNAL_TYPES)
                .check(CLASSES);
    }

    @Test
    void coreShouldNotUseRocksDbDirectly() {
        // eos-state (dev.eos.state..) is on the class path too; it alone may use RocksDB.
        noClasses().that().resideOutsideOfPackage("dev.eos.state..")
                .should().dependOnClassesThat().resideInAPackage("org.rocksdb..")
                .allowEmptyShould(true)
                .check(CLASSES);
    }
}
