package dev.tokenpose.kafka.stats;

import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Keeps the latest value of every key in a store, for interactive queries. Latest means last to
 * arrive: a stream that restarts from sequence 0 must replace what it showed before.
 *
 * @param <V> the value type
 */
final class KeepLatest<V> implements Processor<String, V, Void, Void> {

    private final String storeName;
    private KeyValueStore<String, V> store;

    KeepLatest(String storeName) {
        this.storeName = storeName;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        store = context.getStateStore(storeName);
    }

    @Override
    public void process(Record<String, V> record) {
        if (record.key() != null && record.value() != null) {
            store.put(record.key(), record.value());
        }
    }
}
