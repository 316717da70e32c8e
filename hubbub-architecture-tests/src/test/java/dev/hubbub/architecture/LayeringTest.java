package dev.hubbub.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The layering rules of docs/architecture.md, checked over the compiled main classes of every module (and, for
 * the lifetime seam, over the test classes that implement it from outside).
 *
 * <pre>
 *   protocol  &lt;-  transport  &lt;-  core  &lt;-  service, server
 *   protocol  &lt;-  service-connection  &lt;-  server, management
 *   service   &lt;-  apphost (the emulator)
 *   dashboard &lt;-  apphost (run mode serves it; the dashboard knows no other Hubbub module)
 * </pre>
 */
class LayeringTest {
  private static JavaClasses main;

  @BeforeAll
  static void importClasses() {
    main = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("dev.hubbub");
  }

  @Test
  void theProtocolModuleDoesNoIo() {
    ArchRule rule = noClasses().that().resideInAPackage("dev.hubbub.protocol..")
        .should().dependOnClassesThat().resideInAnyPackage("io.netty..", "java.nio.channels..", "java.nio.file..",
            "java.net.http..", "org.slf4j..")
        .orShould().dependOnClassesThat().haveFullyQualifiedName("java.net.Socket")
        .orShould().dependOnClassesThat().haveFullyQualifiedName("java.net.ServerSocket")
        .orShould().dependOnClassesThat().haveFullyQualifiedName("java.net.URLConnection")
        .orShould().dependOnClassesThat().haveFullyQualifiedName("java.io.File")
        .orShould().dependOnClassesThat().haveFullyQualifiedName("java.io.FileInputStream")
        .orShould().dependOnClassesThat().haveFullyQualifiedName("java.io.FileOutputStream")
        .because("hubbub-protocol holds wire formats only: everything that reads sockets or files is above it");
    rule.check(main);
  }

  @Test
  void lowerLayersDoNotReachUp() {
    noClasses().that().resideInAnyPackage("dev.hubbub.protocol..", "dev.hubbub.transport..", "dev.hubbub.core..",
            "dev.hubbub.serviceconnection..")
        .should().dependOnClassesThat().resideInAnyPackage("dev.hubbub.service..", "dev.hubbub.server..",
            "dev.hubbub.management..", "dev.hubbub.apphost..")
        .because("protocol, transport, core and service-connection sit below the products")
        .check(main);
    noClasses().that().resideInAPackage("dev.hubbub.transport..")
        .should().dependOnClassesThat().resideInAnyPackage("dev.hubbub.core..", "dev.hubbub.serviceconnection..")
        .check(main);
    noClasses().that().resideInAPackage("dev.hubbub.core..")
        .should().dependOnClassesThat().resideInAPackage("dev.hubbub.serviceconnection..")
        .check(main);
  }

  @Test
  void productsDoNotImportEachOther() {
    noClasses().that().resideInAPackage("dev.hubbub.service..")
        .and().resideOutsideOfPackage("dev.hubbub.service.redis..")
        .should().dependOnClassesThat().resideInAnyPackage("dev.hubbub.server..", "dev.hubbub.management..",
            "dev.hubbub.serviceconnection..", "dev.hubbub.apphost..")
        .check(main);
    noClasses().that().resideInAPackage("dev.hubbub.service.redis..")
        .should().dependOnClassesThat(JavaClass.Predicates.resideInAnyPackage("dev.hubbub.server..",
                "dev.hubbub.management..", "dev.hubbub.serviceconnection..", "dev.hubbub.apphost..")
            .and(DescribedPredicate.not(JavaClass.Predicates.resideInAPackage("dev.hubbub.server.redis.."))))
        .because("the service's backplane shares only the Redis link (dev.hubbub.server.redis.RedisLink) with the "
            + "hub servers' backplane")
        .check(main);
    noClasses().that().resideInAPackage("dev.hubbub.server..")
        .should().dependOnClassesThat().resideInAnyPackage("dev.hubbub.service..", "dev.hubbub.management..",
            "dev.hubbub.apphost..")
        .check(main);
    noClasses().that().resideInAPackage("dev.hubbub.management..")
        .should().dependOnClassesThat().resideInAnyPackage("dev.hubbub.service..", "dev.hubbub.server..",
            "dev.hubbub.transport..", "dev.hubbub.core..", "dev.hubbub.apphost..")
        .check(main);
    noClasses().that().resideInAPackage("dev.hubbub.apphost..")
        .should().dependOnClassesThat().resideInAnyPackage("dev.hubbub.server..", "dev.hubbub.management..")
        .because("the app host starts the service as its emulator and runs apps as processes; it links no SDK")
        .check(main);
  }

  @Test
  void backplanesUseTheSeamNotTheHubServer() {
    noClasses().that().resideInAPackage("dev.hubbub.server.redis..")
        .should().dependOnClassesThat(JavaClass.Predicates.resideInAPackage("dev.hubbub.server..")
            .and(DescribedPredicate.not(JavaClass.Predicates.resideInAPackage("dev.hubbub.server.redis.."))))
        .because("a backplane is written against the lifetime seam (dev.hubbub.core.spi) only; the hub server "
            + "plugs it in through HubServer.Builder.backplane")
        .check(main);
  }

  @Test
  void internalPackagesAreUsedOnlyInsideTheirModule() {
    for (String module : List.of("protocol", "transport", "core", "service", "serviceconnection", "management",
        "server", "apphost", "dashboard", "spring")) {
      String root = "dev.hubbub." + module;
      classes().that().resideInAPackage(root + "..internal..")
          .should().onlyBeAccessed().byClassesThat().resideInAPackage(root + "..")
          .allowEmptyShould(true)
          .because(root + ".internal is not API: other modules use " + root + "'s public packages")
          .check(main);
    }
  }

  @Test
  void theDashboardKnowsNoOtherHubbubModule() {
    noClasses().that().resideInAPackage("dev.hubbub.dashboard..")
        .should().dependOnClassesThat().resideInAnyPackage("dev.hubbub.protocol..", "dev.hubbub.transport..",
            "dev.hubbub.core..", "dev.hubbub.service..", "dev.hubbub.serviceconnection..", "dev.hubbub.management..",
            "dev.hubbub.server..", "dev.hubbub.apphost..")
        .because("the app host feeds the dashboard through its public API (DashboardBackend, log, liveTrace)")
        .check(main);
  }

  @Test
  void noCyclesBetweenModules() {
    slices().matching("dev.hubbub.(*)..").should().beFreeOfCycles().check(main);
  }

  /**
   * The lifetime seams can be implemented from outside: the counting managers that the products' tests plug in
   * live outside Hubbub's product packages and use public types only.
   */
  @Test
  void lifetimeManagersOutsideHubbubUsePublicTypesOnly() {
    Path server = Path.of("../hubbub-server/target/test-classes/dev/hubbub/example");
    Path service = Path.of("../hubbub-service/target/test-classes/dev/hubbub/example");
    org.assertj.core.api.Assertions.assertThat(List.of(server, service)).allMatch(Files::isDirectory,
        "compiled by the module's test-compile");
    JavaClasses examples = new ClassFileImporter().importPaths(server, service);
    noClasses().should().dependOnClassesThat().resideInAPackage("..internal..")
        .because("a backplane module can only see Hubbub's public API")
        .check(examples);
    classes().that().haveSimpleNameStartingWith("Counting")
        .should().implement(dev.hubbub.core.spi.HubLifetimeManager.class)
        .check(examples);
  }
}
