package dev.tokenpose.tf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class HeatmapChangeTest {

    @Test
    void shouldMeasureEachMapAgainstItsOwnRange() {
        float[] reference = {0, 1, 2, 3, /* second map */ 0, 10, 0, 10};
        float[] other = {0.3f, 1, 2, 3, /* moved by 1 of 10 */ 0, 9, 0, 10};

        assertThat(HeatmapChange.largestRelative(reference, other, 4)).isCloseTo(0.1, within(1e-6));
        assertThat(HeatmapChange.largestRelative(reference, reference.clone(), 4))
                .isZero();
    }

    @Test
    void shouldCountNanAndAMovedFlatMapAsInfinite() {
        float[] reference = {0, 1, 5, 5};

        assertThat(HeatmapChange.largestRelative(reference, new float[] {0, Float.NaN, 5, 5}, 2))
                .isInfinite();
        assertThat(HeatmapChange.largestRelative(reference, new float[] {0, 1, 5, 5.5f}, 2))
                .isInfinite();
        assertThat(HeatmapChange.largestRelative(reference, new float[] {0, 1, 5, 5}, 2))
                .isZero();
    }

    @Test
    void shouldRefuseMapsThatDoNotLineUp() {
        assertThatThrownBy(() -> HeatmapChange.largestRelative(new float[4], new float[3], 2))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> HeatmapChange.largestRelative(new float[6], new float[6], 4))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
