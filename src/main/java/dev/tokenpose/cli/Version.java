package dev.tokenpose.cli;

import picocli.CommandLine.IVersionProvider;

/** Reports the version recorded in the jar's manifest. */
final class Version implements IVersionProvider {

    @Override
    public String[] getVersion() {
        String v = TokenPoseCli.class.getPackage().getImplementationVersion();
        return new String[] {"tokenpose " + (v == null ? "(development build)" : v)};
    }
}
