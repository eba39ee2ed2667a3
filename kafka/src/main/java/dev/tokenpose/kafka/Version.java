package dev.tokenpose.kafka;

import picocli.CommandLine.IVersionProvider;

/** Reports the version recorded in the jar's manifest. */
final class Version implements IVersionProvider {

    @Override
    public String[] getVersion() {
        String v = KafkaTools.class.getPackage().getImplementationVersion();
        return new String[] {"tokenpose-kafka " + (v == null ? "(development build)" : v)};
    }
}
