package dev.tokenpose.kafka.produce;

/** How fast a file source is published. Live sources always go at their own pace. */
public enum Pacing {
    /** At the file's frame rate, like a camera would deliver it. */
    REALTIME,
    /** As fast as frames can be decoded, encoded and sent. */
    AS_FAST_AS_POSSIBLE
}
