package dev.tokenpose.flink;

import org.apache.flink.api.java.functions.KeySelector;

/** Keys frames by their stream, so each stream's frames meet the same operator instance in order. */
public final class StreamIdSelector implements KeySelector<FrameRecord, String> {

    private static final long serialVersionUID = 1L;

    @Override
    public String getKey(FrameRecord record) {
        return record.frame.getStreamId();
    }
}
