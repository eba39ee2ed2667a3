package dev.tokenpose.local.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The deployment rehearsal on real processes: a broker JVM, a Flink JobManager and TaskManagers as
 * separate JVMs, the shaded job jar submitted over REST, stopped with a savepoint, restored at
 * parallelism 2 on a second TaskManager, then a TaskManager killed with SIGKILL mid-stream.
 */
class ClusterRehearsalITCase {

    @Test
    void shouldKeepEveryFrameExactlyOnceThroughARescaleAndAKilledTaskManager(@TempDir Path dir) throws Exception {
        ClusterRehearsal rehearsal = new ClusterRehearsal();
        rehearsal.streams = 2;
        rehearsal.frames = 10;
        rehearsal.killTaskManager = true;
        rehearsal.dir = dir;
        rehearsal.jobJar = Path.of("..", "flink-job", "target", "tokenpose-pose-job.jar");

        ClusterRehearsal.Outcome outcome = rehearsal.rehearse();
        System.out.println(outcome.line());

        assertThat(outcome.framesIn()).isEqualTo(20);
        assertThat(outcome.check()).as(outcome.line()).isEqualTo(new ClusterRehearsal.Check(20, 0, 0, 0));
        assertThat(outcome.killed()).isEqualTo("taskmanager-1");
        assertThat(outcome.recoverySeconds()).isPositive();
        assertThat(outcome.exactlyOnce()).isTrue();
    }
}
