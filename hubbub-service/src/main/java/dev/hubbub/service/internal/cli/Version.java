package dev.hubbub.service.internal.cli;

import picocli.CommandLine;

/** The version printed by {@code --version}: the jar's implementation version. */
final class Version implements CommandLine.IVersionProvider {
  @Override
  public String[] getVersion() {
    String version = Version.class.getPackage().getImplementationVersion();
    return new String[] {"hubbub-service " + (version == null ? "(development build)" : version)};
  }
}
