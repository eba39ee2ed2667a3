package dev.tokenpose.kafka.consume;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tokenpose.schema.DeadLetter;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/**
 * Renders a {@link DeadLetter} as one JSON object: reason and message first, then where the
 * rejected record was (topic, partition, offset, key), when it was rejected, and the first bytes
 * of its value in hex. Thread-safe.
 */
public final class DeadLetterJson {

    private DeadLetterJson() {}

    /** The dead letter as a JSON tree. */
    public static ObjectNode toJson(DeadLetter letter) {
        ObjectNode o = PoseJson.MAPPER.createObjectNode();
        o.put("reason", letter.getReason().name());
        o.put("message", letter.getMessage());
        o.put("sourceTopic", letter.getSourceTopic());
        o.put("partition", letter.getPartition());
        o.put("offset", letter.getOffset());
        if (letter.getKey() == null) {
            o.putNull("key");
        } else {
            o.put("key", text(letter.getKey()));
        }
        o.put("time", PoseJson.iso(letter.getTime()));
        o.put("payloadHead", HexFormat.of().formatHex(bytes(letter.getPayloadHead())));
        return o;
    }

    /** The dead letter as one line of JSON, without the line break. */
    public static String line(DeadLetter letter) {
        return PoseJson.write(toJson(letter));
    }

    /** Keys are stream ids, so UTF-8 text; anything else is shown in hex. */
    private static String text(ByteBuffer key) {
        byte[] b = bytes(key);
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(b))
                    .toString();
        } catch (CharacterCodingException e) {
            return "0x" + HexFormat.of().formatHex(b);
        }
    }

    private static byte[] bytes(ByteBuffer buffer) {
        ByteBuffer b = buffer.duplicate();
        byte[] out = new byte[b.remaining()];
        b.get(out);
        return out;
    }
}
