package dev.tokenpose.kafka.dashboard;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tokenpose.schema.ModelIdentity;
import dev.tokenpose.schema.StreamStats;
import java.io.UncheckedIOException;

/** The JSON the page and the HTTP endpoints get, apart from pose records (see {@code PoseJson}). */
final class DashboardJson {

    static final ObjectMapper MAPPER = new ObjectMapper();

    private DashboardJson() {}

    /** One window's stats; window times in epoch milliseconds. */
    static ObjectNode stats(StreamStats s) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("streamId", s.getStreamId());
        o.put("windowStart", s.getWindowStart().toEpochMilli());
        o.put("windowEnd", s.getWindowEnd().toEpochMilli());
        o.put("framesIn", s.getFramesIn());
        o.put("framesOut", s.getFramesOut());
        o.put("fpsIn", s.getFpsIn());
        o.put("fpsOut", s.getFpsOut());
        o.put("personsPerFrame", s.getPersonsPerFrame());
        o.put("maxPersons", s.getMaxPersons());
        o.put("activeTracks", s.getActiveTracks());
        o.put("latencyP50Ms", s.getLatencyP50Ms());
        o.put("latencyP95Ms", s.getLatencyP95Ms());
        o.put("latencyMaxMs", s.getLatencyMaxMs());
        o.put("deadLetters", s.getDeadLetters());
        o.put("deadLetterRate", s.getDeadLetterRate());
        if (s.getModel() != null) {
            o.set("model", model(s.getModel()));
        }
        return o;
    }

    /** A model identity, with whether its weights are an untrained placeholder. */
    static ObjectNode model(ModelIdentity m) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("variant", m.getVariant());
        o.put("weights", m.getWeights());
        o.put("trained", m.getTrained());
        o.put("placeholder", placeholder(m));
        return o;
    }

    /**
     * Whether the weights are an untrained placeholder: flagged as such, or seeded random weights
     * ({@code seeded:N}) from a producer that did not set the flag.
     */
    static boolean placeholder(ModelIdentity m) {
        return !m.getTrained() || m.getWeights().startsWith("seeded:");
    }

    static String write(Object tree) {
        try {
            return MAPPER.writeValueAsString(tree);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
