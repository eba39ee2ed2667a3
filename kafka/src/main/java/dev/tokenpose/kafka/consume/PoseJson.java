package dev.tokenpose.kafka.consume;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tokenpose.schema.Box;
import dev.tokenpose.schema.Keypoint;
import dev.tokenpose.schema.ModelIdentity;
import dev.tokenpose.schema.Person;
import dev.tokenpose.schema.PoseFrame;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;

/**
 * Renders a {@link PoseFrame} as one JSON object: stream, sequence, times (ISO-8601, UTC), the
 * capture-to-inference latency, model, frame size, and the persons with box, keypoints as
 * {@code [x, y, score]} triples, and score. Thread-safe.
 */
public final class PoseJson {

    static final ObjectMapper MAPPER = new ObjectMapper();

    private PoseJson() {}

    /** The frame as a JSON tree. */
    public static ObjectNode toJson(PoseFrame frame) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("streamId", frame.getStreamId());
        o.put("sequence", frame.getSequence());
        o.put("captureTime", iso(frame.getCaptureTime()));
        o.put("ingestTime", iso(frame.getIngestTime()));
        o.put("inferenceTime", iso(frame.getInferenceTime()));
        o.put(
                "latencyMs",
                Duration.between(frame.getCaptureTime(), frame.getInferenceTime())
                                .toNanos()
                        / 1e6);
        ModelIdentity model = frame.getModel();
        ObjectNode m = o.putObject("model");
        m.put("variant", model.getVariant());
        m.put("weights", model.getWeights());
        m.put("trained", model.getTrained());
        o.put("width", frame.getWidth());
        o.put("height", frame.getHeight());
        ArrayNode persons = o.putArray("persons");
        for (Person p : frame.getPersons()) {
            ObjectNode pj = persons.addObject();
            if (p.getTrackId() == null) {
                pj.putNull("trackId");
            } else {
                pj.put("trackId", p.getTrackId());
            }
            pj.set("box", box(p.getBox()));
            ArrayNode keypoints = pj.putArray("keypoints");
            for (Keypoint k : p.getKeypoints()) {
                keypoints.addArray().add(k.getX()).add(k.getY()).add(k.getScore());
            }
            pj.put("score", p.getScore());
        }
        return o;
    }

    /** The frame as one line of JSON, without the line break. */
    public static String line(PoseFrame frame) {
        return write(toJson(frame));
    }

    static ObjectNode box(Box b) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("x", b.getX());
        o.put("y", b.getY());
        o.put("width", b.getWidth());
        o.put("height", b.getHeight());
        o.put("score", b.getScore());
        return o;
    }

    static String iso(Instant t) {
        return t == null ? null : t.toString();
    }

    static String write(ObjectNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
