package dev.eos.avro;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.codeUnits;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.fields;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** eos-avro's public API never exposes its internals, and the module stays independent of the Eos runtime. */
class ArchitectureTest {
    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.eos.avro");

    @Test
    void publicMethodsAndConstructorsShouldNotMentionInternalTypes() {
        codeUnits().that().arePublic().and().areDeclaredInClassesThat().resideOutsideOfPackage("..internal..")
                .and().areDeclaredInClassesThat().arePublic()
                .should(new ArchCondition<JavaCodeUnit>("not mention internal types") {
                    @Override
                    public void check(JavaCodeUnit m, ConditionEvents events) {
                        boolean bad = Stream.concat(Stream.of(m.getRawReturnType()), m.getRawParameterTypes().stream())
                                .anyMatch(t -> t.getPackageName().contains(".internal"));
                        if (bad) {
                            events.add(SimpleConditionEvent.violated(m, m.getFullName() + " exposes an internal type"));
                        }
                    }
                })
                .check(CLASSES);
    }

    @Test
    void publicFieldsShouldNotHaveInternalTypes() {
        fields().that().arePublic().and().areDeclaredInClassesThat().resideOutsideOfPackage("..internal..")
                .should(new ArchCondition<JavaField>("not have an internal type") {
                    @Override
                    public void check(JavaField f, ConditionEvents events) {
                        if (f.getRawType().getPackageName().contains(".internal")) {
                            events.add(SimpleConditionEvent.violated(f, f.getFullName() + " has an internal type"));
                        }
                    }
                })
                .check(CLASSES);
    }

    @Test
    void shouldNotDependOnTheEosRuntime() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("dev.eos", "dev.eos.internal..", "dev.eos.state..")
                .check(CLASSES);
    }
}
