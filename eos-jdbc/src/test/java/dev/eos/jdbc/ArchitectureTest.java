package dev.eos.jdbc;

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

/** eos-jdbc's public API never exposes its internals, Hikari or a driver; it reaches the runtime only through the sink API. */
class ArchitectureTest {
    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.eos.jdbc");

    @Test
    void publicApiShouldNotExposeInternalOrPoolTypes() {
        methods().that().arePublic().and().areDeclaredInClassesThat().resideInAPackage("dev.eos.jdbc")
                .should(new ArchCondition<JavaMethod>("not mention internal or HikariCP types") {
                    @Override
                    public void check(JavaMethod m, ConditionEvents events) {
                        boolean bad = Stream.concat(Stream.of(m.getRawReturnType()),
                                        m.getRawParameterTypes().stream())
                                .anyMatch(t -> t.getPackageName().contains(".internal")
                                        || t.getPackageName().startsWith("com.zaxxer"));
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
