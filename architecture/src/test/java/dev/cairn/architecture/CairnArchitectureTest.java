package dev.cairn.architecture;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.Optional;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The architecture rules of Cairn, in one place, checked against the main classes of every module.
 * <ul>
 *     <li>a module's {@code internal} packages are used by that module only;</li>
 *     <li>{@code eventstore-mongo} is the foundation: it depends on no other Cairn module;</li>
 *     <li>packages form no cycles, each {@code internal} package counted on its own. The one dependency a cycle may
 *     not be built from is the sanctioned one: a public class using its own module's implementation
 *     ({@code CairnProjections} builds {@code internal.ProjectionWiring});</li>
 *     <li>no class cycle crosses the public/internal boundary: an implementation may use its API's options,
 *     values and exceptions, and the API may build on the implementation, but no public class and internal class
 *     reach each other (as {@code CairnCli} and {@code CliRunner} did).</li>
 * </ul>
 * Every module of the build with main classes must be listed in {@link #MODULES}; a test reads the build to check.
 */
class CairnArchitectureTest {

    /** The main classes of every Cairn module on this module's class path. */
    private static final JavaClasses CAIRN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.cairn");

    /**
     * Users' code on this class path: the samples' domains, which live outside {@code dev.cairn} as an application's
     * do (ADR 16).
     */
    private static final JavaClasses USERS_CODE = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("com.example");

    /** Root package of each module's classes, most specific first. */
    static final List<Module> MODULES = List.of(
            new Module("embedded-mongo", "dev.cairn.mongo.embedded"),
            new Module("eventstore-mongo", "dev.cairn.eventstore"),
            new Module("processing", "dev.cairn.processing"),
            new Module("aggregates", "dev.cairn.aggregates"),
            new Module("testing", "dev.cairn.testing"),
            new Module("snapshotter", "dev.cairn.snapshots"),
            new Module("projections", "dev.cairn.projections"),
            new Module("sagas", "dev.cairn.sagas"),
            new Module("relay", "dev.cairn.relay"),
            new Module("migration", "dev.cairn.migration"),
            new Module("spring-boot-autoconfigure", "dev.cairn.spring.boot"),
            new Module("tenants", "dev.cairn.tenants"),
            new Module("cli", "dev.cairn.cli"),
            new Module("samples", "dev.cairn.samples"),
            new Module("benchmarks", "dev.cairn.benchmarks"));

    static final ArchRule INTERNALS_STAY_IN_THEIR_MODULE =
            classes().that().resideInAPackage("dev.cairn..")
                     .should(useOnlyTheirOwnModulesInternals())
                     .because("a module's internal packages are not part of its contract");

    static final ArchRule EVENT_STORE_IS_THE_FOUNDATION =
            noClasses().that().resideInAPackage("dev.cairn.eventstore..")
                       .should().dependOnClassesThat(resideInAPackage("dev.cairn..")
                                                             .and(resideOutsideOfPackage("dev.cairn.eventstore..")))
                       .because("eventstore-mongo is the foundation every other module builds on");

    static final ArchRule NO_PACKAGE_CYCLES =
            slices().assignedFrom(everyPackageOnItsOwn())
                    .should().beFreeOfCycles()
                    .ignoreDependency(publicClass(), ownModulesInternals());

    @Test
    void noClassCycleCrossesThePublicInternalBoundary() throws IOException {
        // given every class cycle (strongly connected group of top-level classes) inside a module, from bytecode and
        // from the sources' imports
        Map<String, Set<String>> imports = ClassCycles.sourceImports(BuildModules.mainSourceRoots());
        List<List<String>> crossing = ClassCycles.of(CAIRN, CairnArchitectureTest::moduleName, imports).stream()
                                                 .filter(CairnArchitectureTest::mixesPublicAndInternal)
                                                 .toList();

        // then none holds both a public class and an internal one
        assertThat(crossing).as("class cycles across the public/internal boundary").isEmpty();
    }

    static final ArchRule EVERY_CLASS_HAS_A_MODULE =
            classes().that().resideInAPackage("dev.cairn..")
                     .should(belongToAModule())
                     .because("the rules above need to know each class's module");

    static final ArchRule USERS_CODE_USES_ONLY_PUBLIC_API =
            noClasses().that().resideInAPackage("com.example..")
                       .should().dependOnClassesThat(resideInAPackage("dev.cairn..internal.."))
                       .because("applications, the samples' domains among them, see only Cairn's public packages");

    @Test
    void usersCodeUsesNoInternalPackage() {
        assertThat(USERS_CODE).as("the samples' domains on the class path").isNotEmpty();
        USERS_CODE_USES_ONLY_PUBLIC_API.check(USERS_CODE);
    }

    @Test
    void internalPackagesAreUsedOnlyByTheirOwnModule() {
        INTERNALS_STAY_IN_THEIR_MODULE.check(CAIRN);
    }

    @Test
    void theEventStoreDependsOnNoOtherCairnModule() {
        EVENT_STORE_IS_THE_FOUNDATION.check(CAIRN);
    }

    @Test
    void packagesAreFreeOfCycles() {
        NO_PACKAGE_CYCLES.check(CAIRN);
    }

    @Test
    void everyCairnClassBelongsToAKnownModule() {
        EVERY_CLASS_HAS_A_MODULE.check(CAIRN);
    }

    @Test
    void theRulesSeeEveryModule() throws IOException {
        // given every module of the build that has main classes under dev.cairn
        List<String> withMainClasses = BuildModules.withMainPackage("dev/cairn");

        // then each is listed with the module name the build uses, and its classes are on this class path
        assertThat(withMainClasses).as("modules of the build with classes under dev.cairn").isNotEmpty();
        assertThat(MODULES.stream().map(Module::name)).containsExactlyInAnyOrderElementsOf(withMainClasses);
        for (Module module : MODULES) {
            assertThat(CAIRN.stream().anyMatch(type -> module.owns(type.getPackageName())))
                    .as("classes of module %s on the architecture tests' class path", module.name()).isTrue();
            assertThat(BuildModules.mainPackageExists(module.name(), module.rootPackage()))
                    .as("module %s keeps its classes under %s", module.name(), module.rootPackage()).isTrue();
        }
    }

    record Module(String name, String rootPackage) {

        boolean owns(String packageName) {
            return packageName.equals(rootPackage) || packageName.startsWith(rootPackage + ".");
        }
    }

    static Optional<Module> moduleOf(JavaClass type) {
        String packageName = type.getPackageName();
        return MODULES.stream().filter(module -> module.owns(packageName)).findFirst();
    }

    static boolean isInternal(JavaClass type) {
        String packageName = type.getPackageName();
        return packageName.endsWith(".internal") || packageName.contains(".internal.");
    }

    private static ArchCondition<JavaClass> useOnlyTheirOwnModulesInternals() {
        return new ArchCondition<>("use only their own module's internal packages") {
            @Override
            public void check(JavaClass origin, ConditionEvents events) {
                Optional<Module> own = moduleOf(origin);
                for (Dependency dependency : origin.getDirectDependenciesFromSelf()) {
                    JavaClass target = dependency.getTargetClass();
                    if (target.getPackageName().startsWith("dev.cairn.") && isInternal(target)
                            && !moduleOf(target).equals(own)) {
                        events.add(SimpleConditionEvent.violated(dependency, dependency.getDescription()
                                + " reaches into module " + moduleOf(target).map(Module::name).orElse("?")
                                + "'s internals"));
                    }
                }
            }
        };
    }

    private static ArchCondition<JavaClass> belongToAModule() {
        return new ArchCondition<>("belong to a known module") {
            @Override
            public void check(JavaClass type, ConditionEvents events) {
                if (moduleOf(type).isEmpty()) {
                    events.add(SimpleConditionEvent.violated(type, type.getName() + " is in no known module"));
                }
            }
        };
    }

    /** Each package is a slice of its own, an {@code internal} package too. */
    private static SliceAssignment everyPackageOnItsOwn() {
        return new SliceAssignment() {
            @Override
            public SliceIdentifier getIdentifierOf(JavaClass type) {
                String packageName = type.getPackageName();
                return packageName.startsWith("dev.cairn") ? SliceIdentifier.of(packageName) : SliceIdentifier.ignore();
            }

            @Override
            public String getDescription() {
                return "Cairn packages (each internal package on its own)";
            }
        };
    }

    private static DescribedPredicate<JavaClass> publicClass() {
        return DescribedPredicate.describe("a public-package class", type -> type.getPackageName().startsWith(
                "dev.cairn.") && !isInternal(type));
    }

    private static DescribedPredicate<JavaClass> ownModulesInternals() {
        return DescribedPredicate.describe("an internal class", CairnArchitectureTest::isInternal);
    }

    private static String moduleName(JavaClass type) {
        return moduleOf(type).map(Module::name).orElse(null);
    }

    private static boolean mixesPublicAndInternal(List<String> cycle) {
        return cycle.stream().anyMatch(name -> name.contains(".internal."))
                && cycle.stream().anyMatch(name -> !name.contains(".internal."));
    }

}
