package dev.tokenpose.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class DetectionTest {

    @Test
    void iouOfIdenticalBoxesIsOneAndOfDisjointBoxesZero() {
        Detection a = new Detection(10, 20, 30, 40, 0.9);
        assertThat(a.iou(new Detection(10, 20, 30, 40, 0.1))).isEqualTo(1.0);
        assertThat(a.iou(new Detection(40, 20, 30, 40, 0.1))).isZero();
    }

    @Test
    void iouOfHalfShiftedBoxesIsOneThird() {
        Detection a = new Detection(0, 0, 10, 10, 1);
        Detection b = new Detection(5, 0, 10, 10, 1);
        assertThat(a.iou(b)).isCloseTo(50.0 / 150.0, within(1e-12));
    }

    @Test
    void emptyBoxesAreRejected() {
        assertThatThrownBy(() -> new Detection(0, 0, 0, 10, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Detection(Double.NaN, 0, 5, 10, 1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void nmsKeepsTheBestOfOverlappingBoxesAndAllDisjointOnes() {
        Detection best = new Detection(0, 0, 10, 20, 0.9);
        Detection overlapping = new Detection(1, 1, 10, 20, 0.8);
        Detection apart = new Detection(100, 0, 10, 20, 0.5);
        assertThat(Nms.suppress(List.of(apart, overlapping, best), 0.5, 10)).containsExactly(best, apart);
    }

    @Test
    void nmsStopsAtTheMaximumCount() {
        List<Detection> boxes = List.of(
                new Detection(0, 0, 5, 5, 0.3), new Detection(10, 0, 5, 5, 0.6), new Detection(20, 0, 5, 5, 0.9));
        assertThat(Nms.suppress(boxes, 0.5, 2)).extracting(Detection::score).containsExactly(0.9, 0.6);
    }
}
