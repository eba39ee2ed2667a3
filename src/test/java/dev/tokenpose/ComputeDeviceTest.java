package dev.tokenpose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The three placements and their checks. */
class ComputeDeviceTest {

    @Test
    void shouldNameEachPlacement() {
        assertThat(ComputeDevice.gpu(2)).hasToString("gpu:2");
        assertThat(ComputeDevice.CPU).hasToString("cpu");
        assertThat(ComputeDevice.DEFAULT).hasToString("default");
        assertThat(ComputeDevice.gpu(0).isGpu()).isTrue();
        assertThat(ComputeDevice.CPU.isGpu()).isFalse();
    }

    @Test
    void shouldRefuseAGpuWithoutIndexAndAnIndexWithoutGpu() {
        assertThatThrownBy(() -> ComputeDevice.gpu(-1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("-1");
        assertThatThrownBy(() -> new ComputeDevice(ComputeDevice.Kind.CPU, 0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldKeepTheDeviceOfAModelSpec() {
        ModelSpec spec = new ModelSpec("T", "seeded:1", false, true, 1, 1);

        assertThat(spec.device()).isEqualTo(ComputeDevice.DEFAULT);
        assertThat(spec.withDevice(ComputeDevice.gpu(1)).device()).isEqualTo(ComputeDevice.gpu(1));
        assertThat(spec.withDevice(ComputeDevice.gpu(1))).isNotEqualTo(spec);
    }
}
