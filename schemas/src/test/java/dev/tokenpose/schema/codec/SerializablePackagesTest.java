package dev.tokenpose.schema.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tokenpose.schema.Box;
import dev.tokenpose.schema.DeadLetter;
import dev.tokenpose.schema.PoseFrame;
import dev.tokenpose.schema.VideoFrame;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.junit.jupiter.api.Test;

/**
 * Avro 1.11.4 and later refuse to load a class named by a {@code java-class} or {@code java-key-class}
 * schema property unless it is trusted through the {@code org.apache.avro.SERIALIZABLE_PACKAGES} or
 * {@code SERIALIZABLE_CLASSES} system property. In 1.12 only the classic reader applies the check,
 * the default fast reader does not. These tests run without the properties and show that neither
 * reader needs them for these schemas.
 */
class SerializablePackagesTest {

    private static final String PACKAGES = "org.apache.avro.SERIALIZABLE_PACKAGES";
    private static final String CLASSES = "org.apache.avro.SERIALIZABLE_CLASSES";

    @Test
    void everyRecordTypeDecodesWithoutAnyTrustedPackage() {
        assertThat(System.getProperty(PACKAGES)).isNull();
        assertThat(System.getProperty(CLASSES)).isNull();
        assertThat(SpecificDatumReader.SERIALIZABLE_PACKAGES).isEmpty();

        assertThat(AvroCodec.VIDEO_FRAME.decode(AvroCodec.VIDEO_FRAME.encode(Samples.frame())))
                .isEqualTo(Samples.frame());
        assertThat(AvroCodec.POSE_FRAME.decode(AvroCodec.POSE_FRAME.encode(Samples.poses())))
                .isEqualTo(Samples.poses());
        assertThat(AvroCodec.DEAD_LETTER.decode(AvroCodec.DEAD_LETTER.encode(Samples.deadLetter())))
                .isEqualTo(Samples.deadLetter());
    }

    @Test
    void theClassicReaderWhichChecksTrustedPackagesAlsoDecodesEveryRecordType() throws IOException {
        SpecificData classic = classicReader();

        assertThat(new BinaryMessageDecoder<VideoFrame>(classic, VideoFrame.getClassSchema())
                        .decode(AvroCodec.VIDEO_FRAME.encode(Samples.frame())))
                .isEqualTo(Samples.frame());
        assertThat(new BinaryMessageDecoder<PoseFrame>(classic, PoseFrame.getClassSchema())
                        .decode(AvroCodec.POSE_FRAME.encode(Samples.poses())))
                .isEqualTo(Samples.poses());
        assertThat(new BinaryMessageDecoder<DeadLetter>(classic, DeadLetter.getClassSchema())
                        .decode(AvroCodec.DEAD_LETTER.encode(Samples.deadLetter())))
                .isEqualTo(Samples.deadLetter());
    }

    @Test
    void noSchemaNamesAClassForAvroToLoad() {
        // The trusted-package check guards only these two properties; the generated classes
        // themselves are found by record name and are not checked.
        for (Schema schema : List.of(
                Box.getClassSchema(),
                VideoFrame.getClassSchema(),
                PoseFrame.getClassSchema(),
                DeadLetter.getClassSchema())) {
            for (Schema part : parts(schema)) {
                assertThat(part.getProp(SpecificData.CLASS_PROP))
                        .as("java-class of %s", part)
                        .isNull();
                assertThat(part.getProp(SpecificData.KEY_CLASS_PROP))
                        .as("java-key-class of %s", part)
                        .isNull();
            }
        }
    }

    @Test
    void theClassicReaderRefusesASchemaNamingAClassWithoutTheProperty() throws IOException {
        Schema schema = new Schema.Parser().parse("""
                {"type": "record", "name": "Tagged", "namespace": "dev.tokenpose.schema.probe", "fields": [
                  {"name": "id", "type": {"type": "string", "java-class": "java.math.BigInteger"}}]}""");
        GenericRecord record = new GenericData.Record(schema);
        record.put("id", "42");
        ByteBuffer value = new BinaryMessageEncoder<GenericRecord>(GenericData.get(), schema).encode(record);

        BinaryMessageDecoder<Object> decoder = new BinaryMessageDecoder<>(classicReader(), schema);

        assertThatThrownBy(() -> decoder.decode(value))
                .isInstanceOf(SecurityException.class)
                .hasMessageContaining("Forbidden java.math.BigInteger")
                .hasMessageContaining(PACKAGES);
    }

    /** A model whose readers are the classic {@link SpecificDatumReader}, not the fast reader. */
    private static SpecificData classicReader() {
        SpecificData data = new SpecificData();
        data.setFastReaderEnabled(false);
        return data;
    }

    /** The schema and every schema nested in it, each once. */
    private static List<Schema> parts(Schema root) {
        Map<Schema, Boolean> seen = new IdentityHashMap<>();
        List<Schema> pending = new ArrayList<>(List.of(root));
        while (!pending.isEmpty()) {
            Schema schema = pending.remove(pending.size() - 1);
            if (seen.put(schema, true) != null) {
                continue;
            }
            switch (schema.getType()) {
                case RECORD -> schema.getFields().forEach(field -> pending.add(field.schema()));
                case ARRAY -> pending.add(schema.getElementType());
                case MAP -> pending.add(schema.getValueType());
                case UNION -> pending.addAll(schema.getTypes());
                default -> {}
            }
        }
        return List.copyOf(seen.keySet());
    }
}
