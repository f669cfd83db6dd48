package dev.cpaconsole.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.GeneralCodingRules.NO_CLASSES_SHOULD_ACCESS_STANDARD_STREAMS;
import static com.tngtech.archunit.library.GeneralCodingRules.NO_CLASSES_SHOULD_USE_JAVA_UTIL_LOGGING;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

@AnalyzeClasses(packages = "dev.cpaconsole", importOptions = ImportOption.DoNotIncludeTests.class)
class LayeringTest {

    @ArchTest
    static final ArchRule CORE_HAS_NO_JAVA_FX = noClasses()
            .that().resideInAnyPackage("..core..", "dev.cpaconsole.cpa..", "dev.cpaconsole.store..",
                    "dev.cpaconsole.concurrent..", "dev.cpaconsole.schedule..", "dev.cpaconsole.simulator..")
            .should().dependOnClassesThat().resideInAnyPackage("javafx..", "..ui..")
            .because("core logic must run headless (serve mode) and be testable without a stage");

    @ArchTest
    static final ArchRule UI_TALKS_NEITHER_SQL_NOR_HTTP = noClasses()
            .that().resideInAPackage("..ui..")
            .should().dependOnClassesThat().resideInAnyPackage("java.sql..", "org.jooq..", "java.net.http..",
                    "redis.clients..", "io.netty..", "dev.cpaconsole.store.schema..", "org.quartz..")
            .because("views and view models get data from core services, never from the wire or the database");

    @ArchTest
    static final ArchRule ONLY_THE_APP_USES_THE_SIMULATOR = noClasses()
            .that().resideOutsideOfPackages("dev.cpaconsole.app..", "dev.cpaconsole.simulator..")
            .should().dependOnClassesThat().resideInAPackage("dev.cpaconsole.simulator..")
            .because("the simulator serves tests and the demo; the console's own paths talk to a real CPA");

    @ArchTest
    static final ArchRule SIMULATOR_STANDS_ALONE = classes()
            .that().resideInAPackage("dev.cpaconsole.simulator..")
            .should().onlyDependOnClassesThat().resideOutsideOfPackages(
                    "dev.cpaconsole.usage..", "dev.cpaconsole.collector..", "dev.cpaconsole.cpa..",
                    "dev.cpaconsole.store..", "dev.cpaconsole.app..", "dev.cpaconsole.requests..",
                    "dev.cpaconsole.dashboard..", "dev.cpaconsole.settings..", "dev.cpaconsole.logs..",
                    "dev.cpaconsole.models..", "dev.cpaconsole.schedule..")
            .because("a simulator that shared the console's code would agree with the console's bugs");

    @ArchTest
    static final ArchRule QUARTZ_STAYS_BEHIND_SCHEDULES = noClasses()
            .that().resideOutsideOfPackage("dev.cpaconsole.schedule..")
            .should().dependOnClassesThat().resideInAPackage("org.quartz..")
            .because("jobs are scheduled through Schedules, so the scheduler can change in one place");

    @ArchTest
    static final ArchRule BOUNCY_CASTLE_STAYS_IN_KEYS = noClasses()
            .that().resideOutsideOfPackage("dev.cpaconsole.keys.core..")
            .should().dependOnClassesThat().resideInAPackage("org.bouncycastle..")
            .because("password hashing lives in one place, so its parameters and library are reviewed there");

    @ArchTest
    static final ArchRule AWT_ONLY_IN_THE_TRAY = noClasses()
            .that().resideOutsideOfPackage("..tray..")
            .should().dependOnClassesThat().resideInAnyPackage("java.awt..", "javax.swing..")
            .because("AWT is confined to the system tray adapter; everything else is JavaFX");

    @ArchTest
    static final ArchRule WIRE_FORMATS_STAY_IN_THE_CLIENT = noClasses()
            .that().resideOutsideOfPackages("dev.cpaconsole.cpa..", "dev.cpaconsole.simulator..")
            .should().dependOnClassesThat().resideInAnyPackage("redis.clients..", "io.netty..")
            .because("only the CPA client speaks CPA's protocols");

    @ArchTest
    static final ArchRule NO_STANDARD_STREAMS = NO_CLASSES_SHOULD_ACCESS_STANDARD_STREAMS
            .because("diagnostics go through SLF4J and command output through picocli's writers");

    @ArchTest
    static final ArchRule NO_JAVA_UTIL_LOGGING = NO_CLASSES_SHOULD_USE_JAVA_UTIL_LOGGING
            .because("all logging goes through SLF4J and Logback");
}
