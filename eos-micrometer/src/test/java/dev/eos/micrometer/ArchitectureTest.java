package dev.eos.micrometer;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** eos-micrometer's public API never exposes its internals; it reads the app only through EosApp's public API. */
class ArchitectureTest {
    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.eos.micrometer");

    @Test
    void publicApiShouldNotExposeInternalTypes() {
        methods().that().arePublic().and().areDeclaredInClassesThat().resideInAPackage("dev.eos.micrometer")
                .should(new ArchCondition<JavaMethod>("not mention internal types") {
                    @Override
                    public void check(JavaMethod m, ConditionEvents events) {
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
    void shouldNotDependOnTheEosRuntimeInternals() {
        noClasses().should().dependOnClassesThat().resideInAPackage("dev.eos.internal..").check(CLASSES);
    }
}
