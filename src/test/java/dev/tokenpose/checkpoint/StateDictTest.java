package dev.tokenpose.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StateDictTest {

    private static StateDict sample() {
        return StateDict.of(
                "model.pth",
                List.of(
                        TensorData.ofFloats("module.conv.weight", new long[] {2, 1}, new float[] {1, 2}),
                        TensorData.ofFloats("module.bn.weight", new long[] {2}, new float[] {3, 4}),
                        TensorData.ofLongs("module.bn.num_batches_tracked", new long[0], new long[] {7}),
                        TensorData.ofFloats("head.bias", new long[] {3}, new float[] {5, 6, 7})));
    }

    private static Map<String, long[]> shapes(Object... keyAndShape) {
        Map<String, long[]> m = new LinkedHashMap<>();
        for (int i = 0; i < keyAndShape.length; i += 2) {
            m.put((String) keyAndShape[i], (long[]) keyAndShape[i + 1]);
        }
        return m;
    }

    @Test
    void shouldExposeEntriesInOrder() {
        StateDict sd = sample();

        assertThat(sd.size()).isEqualTo(4);
        assertThat(sd.keys())
                .containsExactly(
                        "module.conv.weight", "module.bn.weight", "module.bn.num_batches_tracked", "head.bias");
        assertThat(sd.contains("head.bias")).isTrue();
        assertThat(sd.contains("head.weight")).isFalse();
        assertThat(sd.floats("head.bias")).containsExactly(5, 6, 7);
        assertThat(sd.shape("module.conv.weight")).containsExactly(2, 1);
        assertThat(sd.dtype("module.bn.num_batches_tracked")).isEqualTo("int64");
        assertThat(sd.floats("module.bn.num_batches_tracked")).containsExactly(7f);
    }

    @Test
    void shouldNameTheMissingKeyWhenAskedForIt() {
        assertThatThrownBy(() -> sample().floats("head.weight"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("head.weight");
    }

    @Test
    void shouldSelectAndStripAPrefix() {
        StateDict inner = sample().withoutPrefix("module.");

        assertThat(inner.keys()).containsExactly("conv.weight", "bn.weight", "bn.num_batches_tracked");
        assertThat(inner.get("conv.weight").name()).isEqualTo("conv.weight");
        assertThat(inner.floats("bn.weight")).containsExactly(3, 4);
    }

    @Test
    void shouldAcceptMatchingShapesAndIgnoreBatchCounters() throws CheckpointException {
        StateDict sd = sample().withoutPrefix("module.");

        sd.validate(shapes("conv.weight", new long[] {2, 1}, "bn.weight", new long[] {2}));
        sd.validate(shapes(
                "conv.weight",
                new long[] {2, 1},
                "bn.weight",
                new long[] {2},
                "bn.num_batches_tracked",
                new long[0],
                "other.num_batches_tracked",
                new long[0]));
    }

    @Test
    void shouldNameMissingUnexpectedAndMisshapedKeys() {
        StateDict sd = sample().withoutPrefix("module.");
        Map<String, long[]> expected = shapes(
                "conv.weight", new long[] {1, 2},
                "conv.bias", new long[] {2},
                "bn.bias", new long[] {2});

        assertThatThrownBy(() -> sd.validate(expected))
                .isInstanceOf(CheckpointException.class)
                .hasMessage("model.pth does not match the model: 2 missing keys: conv.bias, bn.bias; "
                        + "1 unexpected key: bn.weight; "
                        + "1 key with the wrong shape: conv.weight (expected [1, 2], found [2, 1]).");
    }

    @Test
    void shouldAbbreviateLongKeyLists() {
        List<TensorData> many = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            many.add(TensorData.ofFloats("extra." + i, new long[] {1}, new float[] {i}));
        }
        StateDict sd = StateDict.of("big.pth", many);

        assertThatThrownBy(() -> sd.validate(Map.of()))
                .isInstanceOf(CheckpointException.class)
                .hasMessageContaining("30 unexpected keys: extra.0, extra.1,")
                .hasMessageContaining("extra.19 and 10 more")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("extra.20"));
    }

    @Test
    void shouldRejectDataThatDoesNotFitTheShape() {
        assertThatThrownBy(() -> TensorData.ofFloats("w", new long[] {2, 2}, new float[3]))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
