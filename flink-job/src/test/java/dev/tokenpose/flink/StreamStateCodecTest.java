package dev.tokenpose.flink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tokenpose.pipeline.StreamState;
import dev.tokenpose.track.OneEuroState;
import dev.tokenpose.track.Track;
import dev.tokenpose.track.TrackerState;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectOutputStream;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class StreamStateCodecTest {

    /** The state that {@code state/stream-state-java-serialization.bin} holds, as the release before the codec wrote it. */
    private static StreamState sample() {
        Track confirmed = new Track(
                7L,
                new double[] {10, 20, 30, 60},
                new double[] {25, 50},
                new double[] {1.5, -0.5},
                new float[] {1f, 2f, 0.9f, 3f, 4f, 0.1f},
                12.5,
                9,
                0,
                List.of(new OneEuroState(1, 0.25, 12.5, true), OneEuroState.UNSET));
        Track tentative = new Track(
                null,
                new double[] {100, 120, 40, 80},
                new double[] {120, 160},
                new double[] {0, 0},
                new float[] {},
                12.0,
                1,
                1,
                List.of());
        return new StreamState(new TrackerState(List.of(confirmed, tentative), 8, 12.5), 42, false);
    }

    @Test
    void shouldRoundTripEveryField() {
        StreamState state = sample();
        byte[] bytes = StreamStateCodec.write(state);
        assertThat(bytes[0]).isEqualTo((byte) StreamStateCodec.VERSION);
        assertThat(StreamStateCodec.read(bytes)).isEqualTo(state);
        assertThat(StreamStateCodec.read(StreamStateCodec.write(StreamState.INITIAL)))
                .isEqualTo(StreamState.INITIAL);
    }

    @Test
    void shouldRestoreStateThatThePreviousReleaseWrote() throws IOException {
        byte[] legacy;
        try (InputStream in = getClass().getResourceAsStream("/state/stream-state-java-serialization.bin")) {
            legacy = in.readAllBytes();
        }
        StreamState restored = StreamStateCodec.read(legacy);
        assertThat(restored).isEqualTo(sample());
        assertThat(StreamStateCodec.read(StreamStateCodec.write(restored))).isEqualTo(sample());
    }

    @Test
    void shouldStartFreshWithoutState() {
        assertThat(StreamStateCodec.read(null)).isEqualTo(StreamState.INITIAL);
    }

    @Test
    void shouldRefuseANewerVersionWithAClearMessage() {
        byte[] bytes = StreamStateCodec.write(sample());
        bytes[0] = (byte) (StreamStateCodec.VERSION + 1);
        assertThatThrownBy(() -> StreamStateCodec.read(bytes))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("format version " + (StreamStateCodec.VERSION + 1))
                .hasMessageContaining("newer than this release reads");
    }

    @Test
    void shouldRefuseTruncatedOrCorruptState() {
        byte[] bytes = StreamStateCodec.write(sample());
        for (int cut = 1; cut < bytes.length; cut++) {
            byte[] truncated = Arrays.copyOf(bytes, cut);
            assertThatThrownBy(() -> StreamStateCodec.read(truncated))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageStartingWith("cannot restore a stream's tracking state");
        }
        byte[] trailing = Arrays.copyOf(bytes, bytes.length + 3);
        assertThatThrownBy(() -> StreamStateCodec.read(trailing)).hasMessageContaining("bytes left after the state");
        assertThatThrownBy(() -> StreamStateCodec.read(new byte[0])).hasMessageContaining("empty");
    }

    @Test
    void shouldNotInstantiateForeignClassesFromLegacyState() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(new java.net.URI("http://example.invalid/"));
        } catch (java.net.URISyntaxException e) {
            throw new AssertionError(e);
        }
        assertThatThrownBy(() -> StreamStateCodec.read(bytes.toByteArray()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("REJECTED");
    }
}
