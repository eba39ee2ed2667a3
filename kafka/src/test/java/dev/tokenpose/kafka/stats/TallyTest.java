package dev.tokenpose.kafka.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tokenpose.schema.ModelIdentity;
import java.util.List;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

/** The window sum and its serde, without Kafka. */
class TallyTest {

    @Test
    void shouldTakeNearestRankPercentiles() {
        double[] ten = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};

        assertThat(Tally.percentile(ten, 50)).isEqualTo(5.0);
        assertThat(Tally.percentile(ten, 95)).isEqualTo(10.0);
        assertThat(Tally.percentile(ten, 10)).isEqualTo(1.0);
        assertThat(Tally.percentile(ten, 11)).isEqualTo(2.0);
        assertThat(Tally.percentile(new double[] {7}, 50)).isEqualTo(7.0);
        assertThat(Tally.percentile(new double[0], 50)).isNull();
        assertThatThrownBy(() -> Tally.percentile(ten, 0)).hasMessageContaining("(0, 100]");
    }

    @Test
    void shouldKeepTheModelOfTheLaterPoseWhicheverSideItIsOn() {
        ModelIdentity early = new ModelIdentity("S-v1", "seeded:1", false);
        ModelIdentity late = new ModelIdentity("S-v1", "sha256:0123456789ab", true);
        Tally a = new Tally(0, 1, 0, 0, List.of(), List.of(1.0), 0, early, 10);
        Tally b = new Tally(0, 1, 0, 0, List.of(), List.of(2.0), 0, late, 20);

        assertThat(a.plus(b).model()).isEqualTo(late);
        assertThat(b.plus(a).model()).isEqualTo(late);
        assertThat(Tally.EMPTY.plus(a).model()).isEqualTo(early);
        assertThat(a.plus(Tally.EMPTY).model()).isEqualTo(early);
    }

    @Test
    void shouldUniteTracksAndStopTakingLatenciesAtTheCap() {
        Tally one = new Tally(0, 1, 2, 2, List.of(3L, 5L), List.of(1.0), 0, null, Long.MIN_VALUE);
        Tally sum = one.plus(new Tally(0, 1, 3, 3, List.of(5L, 8L), List.of(2.0), 0, null, Long.MIN_VALUE));
        Tally full = Tally.EMPTY;
        for (int i = 0; i < Tally.MAX_LATENCY_SAMPLES + 10; i++) {
            full = full.plus(new Tally(0, 1, 0, 0, List.of(), List.of((double) i), 0, null, Long.MIN_VALUE));
        }

        assertThat(sum.trackIds()).containsExactly(3L, 5L, 8L);
        assertThat(sum.persons()).isEqualTo(5);
        assertThat(sum.maxPersons()).isEqualTo(3);
        assertThat(full.framesOut()).isEqualTo(Tally.MAX_LATENCY_SAMPLES + 10);
        assertThat(full.latenciesMs()).hasSize(Tally.MAX_LATENCY_SAMPLES);
    }

    @Test
    void shouldRoundTripThroughItsSerdeAndRejectGarbage() {
        Tally t = new Tally(
                3,
                2,
                4,
                3,
                List.of(1L, 9L),
                List.of(12.5, 40.0),
                1,
                new ModelIdentity("S-v1", "seeded:1", false),
                123_456);
        TallySerde serde = new TallySerde();

        assertThat(serde.deserializer().deserialize("t", serde.serializer().serialize("t", t)))
                .isEqualTo(t);
        assertThat(serde.deserializer().deserialize("t", serde.serializer().serialize("t", Tally.EMPTY)))
                .isEqualTo(Tally.EMPTY);
        assertThatThrownBy(() -> serde.deserializer().deserialize("t", new byte[] {9, 0}))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("version 9");
        assertThatThrownBy(() -> serde.deserializer().deserialize("t", new byte[] {1, 0, 0}))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("corrupt tally");
    }
}
