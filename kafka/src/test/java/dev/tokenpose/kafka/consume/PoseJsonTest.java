package dev.tokenpose.kafka.consume;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tokenpose.kafka.testing.Records;
import org.junit.jupiter.api.Test;

class PoseJsonTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Test
    void rendersOneObjectWithStreamTimesModelSizeAndPersons() throws Exception {
        String line = PoseJson.line(Records.poseFrame("cam-1", 9));
        assertThat(line).doesNotContain("\n");
        JsonNode o = MAPPER.readTree(line);
        assertThat(o.get("streamId").asText()).isEqualTo("cam-1");
        assertThat(o.get("sequence").asLong()).isEqualTo(9);
        assertThat(o.get("captureTime").asText()).isEqualTo("2026-01-02T03:04:05.123456Z");
        assertThat(o.get("ingestTime").asText()).isEqualTo("2026-01-02T03:04:05.128456Z");
        assertThat(o.get("inferenceTime").asText()).isEqualTo("2026-01-02T03:04:05.163456Z");
        assertThat(o.get("latencyMs").asDouble()).isEqualTo(40.0);
        assertThat(o.get("model").get("variant").asText()).isEqualTo("S-v1");
        assertThat(o.get("model").get("weights").asText()).isEqualTo("sha256:0123456789ab");
        assertThat(o.get("model").get("trained").asBoolean()).isFalse();
        assertThat(o.get("width").asInt()).isEqualTo(768);
        assertThat(o.get("height").asInt()).isEqualTo(576);
    }

    @Test
    void rendersPersonsWithTrackIdBoxKeypointTriplesAndScore() throws Exception {
        JsonNode persons =
                MAPPER.readTree(PoseJson.line(Records.poseFrame("cam-1", 0))).get("persons");
        assertThat(persons).hasSize(2);
        JsonNode first = persons.get(0);
        assertThat(first.get("trackId").asLong()).isEqualTo(7);
        assertThat(first.get("box").toString())
                .isEqualTo("{\"x\":10.0,\"y\":20.0,\"width\":30.0,\"height\":60.0,\"score\":0.9}");
        assertThat(first.get("keypoints").toString()).isEqualTo("[[12.5,22.25,0.75],[14.0,24.0,0.5]]");
        assertThat(first.get("score").asDouble()).isEqualTo(0.625);
        JsonNode second = persons.get(1);
        assertThat(second.get("trackId").isNull()).isTrue();
        assertThat(second.get("keypoints")).isEmpty();
    }
}
