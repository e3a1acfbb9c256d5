package dev.cairn.architecture;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import org.junit.jupiter.api.Test;

import java.util.Set;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packages of module {@code projections}, each {@code internal} package counted on its own (ADR 44): they form no
 * cycle. The public package holds API types, which internal packages use and which use no internal package that
 * leads back to them, and entry points ({@link #ENTRY_POINTS}), which create their implementation from internal
 * packages and which no internal package uses; the dependencies of the entry points are the only ones left out.
 */
class ProjectionPackagesTest {

    private static final String ROOT = "dev.cairn.projections";

    /** The public classes that create their implementation from internal packages. */
    static final Set<String> ENTRY_POINTS = Set.of("CairnProjections", "ProjectionMonitor", "ProjectionHandlers");

    private static final JavaClasses PROJECTIONS = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages(ROOT);

    static final ArchRule NO_CYCLES_BETWEEN_PROJECTIONS_PACKAGES =
            slices().assignedFrom(everyPackageOnItsOwn())
                    .should().beFreeOfCycles()
                    .ignoreDependency(entryPoints(), DescribedPredicate.alwaysTrue())
                    .because("an internal package that reaches the API package must not be reached from its types");

    @Test
    void projectionsPackagesAreFreeOfCyclesWithInternalPackagesOnTheirOwn() {
        assertThat(PROJECTIONS.stream().map(JavaClass::getPackageName).distinct())
                .as("the rule sees the internal packages").contains(ROOT + ".internal.rebuild");
        NO_CYCLES_BETWEEN_PROJECTIONS_PACKAGES.check(PROJECTIONS);
    }

    @Test
    void noInternalClassUsesAnEntryPoint() {
        // an entry point used by an internal class would hide a cycle behind the ignored dependencies
        assertThat(PROJECTIONS.stream().filter(type -> type.getPackageName().startsWith(ROOT + ".internal"))
                              .flatMap(type -> type.getDirectDependenciesFromSelf().stream())
                              .filter(dependency -> entryPoints().test(dependency.getTargetClass()))
                              .map(dependency -> dependency.getDescription()))
                .isEmpty();
    }

    private static DescribedPredicate<JavaClass> entryPoints() {
        return DescribedPredicate.describe("entry points " + ENTRY_POINTS, type -> {
            JavaClass top = type;
            while (top.getEnclosingClass().isPresent()) {
                top = top.getEnclosingClass().get();
            }
            return top.getPackageName().equals(ROOT) && ENTRY_POINTS.contains(top.getSimpleName());
        });
    }

    private static SliceAssignment everyPackageOnItsOwn() {
        return new SliceAssignment() {
            @Override
            public SliceIdentifier getIdentifierOf(JavaClass type) {
                return type.getPackageName().startsWith(ROOT) ? SliceIdentifier.of(type.getPackageName())
                        : SliceIdentifier.ignore();
            }

            @Override
            public String getDescription() {
                return "projections packages, each internal package on its own";
            }
        };
    }
}
