package dev.tokenpose.kafka.consume;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tokenpose.kafka.testing.Records;
import dev.tokenpose.schema.DeadLetter;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class DeadLetterJsonTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Test
    void rendersReasonMessageAndWhereTheRejectedRecordWas() throws Exception {
        JsonNode o = MAPPER.readTree(DeadLetterJson.line(Records.deadLetter("cam-1")));
        assertThat(o.fieldNames()).toIterable().startsWith("reason", "message");
        assertThat(o.get("reason").asText()).isEqualTo("UNDECODABLE_IMAGE");
        assertThat(o.get("message").asText()).isEqualTo("payload is not a JPEG image");
        assertThat(o.get("sourceTopic").asText()).isEqualTo("video-frames");
        assertThat(o.get("partition").asInt()).isEqualTo(2);
        assertThat(o.get("offset").asLong()).isEqualTo(41);
        assertThat(o.get("key").asText()).isEqualTo("cam-1");
        assertThat(o.get("time").asText()).isEqualTo("2026-01-02T03:04:05.123456Z");
        assertThat(o.get("payloadHead").asText()).isEqualTo("001fab");
    }

    @Test
    void showsMissingKeysAsNullAndBinaryKeysInHex() throws Exception {
        assertThat(MAPPER.readTree(DeadLetterJson.line(Records.deadLetter(null)))
                        .get("key")
                        .isNull())
                .isTrue();
        DeadLetter binary = Records.deadLetter("x");
        binary.setKey(ByteBuffer.wrap(new byte[] {(byte) 0xff, (byte) 0xfe}));
        assertThat(MAPPER.readTree(DeadLetterJson.line(binary)).get("key").asText())
                .isEqualTo("0xfffe");
    }
}
