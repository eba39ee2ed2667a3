package dev.tokenpose.kafka.stats;

import dev.tokenpose.schema.VideoFrame;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Keeps each stream's most recent frames by sequence number, so that the frame a pose record was
 * computed on can be shown with it although the pose arrives later. Frames more than the buffer
 * size behind the newest, and frames ahead of it (left by an earlier run of the stream), are
 * deleted as frames arrive.
 */
final class FrameBuffer implements Processor<String, VideoFrame, Void, Void> {

    private final String storeName;
    private final int size;
    private KeyValueStore<String, VideoFrame> store;

    FrameBuffer(String storeName, int size) {
        this.storeName = storeName;
        this.size = size;
    }

    /**
     * The store key of one frame: stream id, a separator below every printable character, and the
     * zero-padded sequence, so that one stream's frames are one key range in sequence order.
     */
    static String key(String streamId, long sequence) {
        return streamId + '\u0000' + String.format(Locale.ROOT, "%019d", sequence);
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        store = context.getStateStore(storeName);
    }

    @Override
    public void process(Record<String, VideoFrame> record) {
        VideoFrame frame = record.value();
        if (record.key() == null || frame == null || frame.getSequence() < 0) {
            return;
        }
        String stream = record.key();
        long seq = frame.getSequence();
        store.put(key(stream, seq), frame);
        if (seq >= size) {
            deleteRange(key(stream, 0), key(stream, seq - size));
        }
        if (seq < Long.MAX_VALUE) {
            deleteRange(key(stream, seq + 1), key(stream, Long.MAX_VALUE));
        }
    }

    private void deleteRange(String from, String to) {
        List<String> doomed = new ArrayList<>();
        try (KeyValueIterator<String, VideoFrame> it = store.range(from, to)) {
            while (it.hasNext()) {
                KeyValue<String, VideoFrame> kv = it.next();
                doomed.add(kv.key);
            }
        }
        doomed.forEach(store::delete);
    }
}
