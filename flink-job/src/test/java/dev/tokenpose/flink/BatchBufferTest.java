package dev.tokenpose.flink;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Which frames make a batch: the oldest of each stream, oldest first. */
class BatchBufferTest {

    final BatchBuffer<String> buffer = new BatchBuffer<>(frame -> frame.substring(0, 1), String::length);

    @Test
    void shouldTakeTheOldestFrameOfEachStreamAndLeaveTheRestInOrder() {
        for (String f : new String[] {"a0", "a1", "b0", "a2", "c0", "b1"}) {
            buffer.add(f, 0);
        }
        assertThat(buffer.streams()).isEqualTo(3);

        assertThat(items(buffer.takeBatch(8))).containsExactly("a0", "b0", "c0");
        assertThat(buffer.items()).containsExactly("a1", "a2", "b1");
        assertThat(buffer.streams()).isEqualTo(2);
        assertThat(items(buffer.takeBatch(8))).containsExactly("a1", "b1");
        assertThat(items(buffer.takeBatch(8))).containsExactly("a2");
        assertThat(buffer.isEmpty()).isTrue();
        assertThat(buffer.streams()).isZero();
    }

    private static List<String> items(List<BatchBuffer.Entry<String>> entries) {
        return entries.stream().map(BatchBuffer.Entry::item).toList();
    }

    @Test
    void shouldStopAtTheBatchLimit() {
        for (String f : new String[] {"a0", "b0", "c0", "d0"}) {
            buffer.add(f, 0);
        }
        assertThat(buffer.bytes()).isEqualTo(8);
        assertThat(items(buffer.takeBatch(2))).containsExactly("a0", "b0");
        assertThat(buffer.items()).containsExactly("c0", "d0");
        assertThat(buffer.bytes()).isEqualTo(4);
    }

    @Test
    void shouldNumberArrivalsAndKeepArrivalTimes() {
        buffer.add("a0", 100);
        buffer.add("b0", 130);
        assertThat(buffer.oldest().arrival()).isZero();
        assertThat(buffer.oldest().arrivedAtMs()).isEqualTo(100);
        assertThat(buffer.nextArrival()).isEqualTo(2);

        buffer.takeBatch(1);

        assertThat(buffer.oldest().item()).isEqualTo("b0");
        assertThat(buffer.oldest().arrival()).isEqualTo(1);
    }
}
