package dev.tokenpose.kafka;

import dev.tokenpose.kafka.broker.EmbeddedKafka;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Supplies one embedded Kafka node to every test that asks for an {@link EmbeddedKafka}
 * parameter; it starts on first use and stops when the whole test run ends.
 */
public final class SharedKafka implements ParameterResolver {

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == EmbeddedKafka.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return context.getRoot()
                .getStore(ExtensionContext.Namespace.create(SharedKafka.class))
                .getOrComputeIfAbsent("kafka", key -> new Running(EmbeddedKafka.start()), Running.class)
                .kafka;
    }

    /** Closes the node when JUnit closes the root store. */
    private record Running(EmbeddedKafka kafka) implements AutoCloseable {
        @Override
        public void close() {
            kafka.close();
        }
    }
}
