package dev.tokenpose.flink;

import dev.tokenpose.schema.DeadLetter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/** Sends the records the source could not decode to the dead-letter output, the rest on. */
public final class DeadLetterSplitter extends ProcessFunction<FrameRecord, FrameRecord> {

    private static final long serialVersionUID = 1L;

    private final OutputTag<DeadLetter> deadLetters;

    public DeadLetterSplitter(OutputTag<DeadLetter> deadLetters) {
        this.deadLetters = deadLetters;
    }

    @Override
    public void processElement(FrameRecord record, Context ctx, Collector<FrameRecord> out) {
        if (record.deadLetter != null) {
            ctx.output(deadLetters, record.deadLetter);
        } else {
            out.collect(record);
        }
    }
}
