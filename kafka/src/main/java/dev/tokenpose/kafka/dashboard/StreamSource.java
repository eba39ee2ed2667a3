package dev.tokenpose.kafka.dashboard;

import dev.tokenpose.schema.PoseFrame;
import dev.tokenpose.schema.StreamStats;
import dev.tokenpose.schema.VideoFrame;
import java.util.Map;
import java.util.Optional;

/** What the dashboard shows, as the analytics app's interactive queries answer it. */
interface StreamSource {

    /** The analytics app's state, e.g. RUNNING or REBALANCING. */
    String state();

    /** The latest pose record of every stream, by stream id. */
    Map<String, PoseFrame> latestPoses();

    /** The latest final window stats of every stream, by stream id. */
    Map<String, StreamStats> latestStats();

    /** One frame of one stream, while it is buffered. */
    Optional<VideoFrame> frame(String streamId, long sequence);
}
