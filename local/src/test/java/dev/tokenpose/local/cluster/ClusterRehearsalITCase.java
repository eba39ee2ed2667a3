package dev.tokenpose.local.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The deployment rehearsal on real processes: a broker JVM, a Flink JobManager and TaskManagers as
 * separate JVMs, the shaded job jar submitted over REST, stopped with a savepoint, restored at
 * parallelism 2 on a second TaskManager, then, while frames stream in, a TaskManager killed with
 * SIGKILL and replaced, and the broker killed with SIGKILL and restarted. The short version of
 * {@code ClusterChaosITCase}; the output is checked again by the Python verifier where installed.
 */
class ClusterRehearsalITCase {

    @Test
    void shouldKeepEveryFrameExactlyOnceThroughARescaleAKilledTaskManagerAndABrokerRestart(@TempDir Path dir)
            throws Exception {
        ClusterRehearsal rehearsal = new ClusterRehearsal();
        rehearsal.streams = 2;
        rehearsal.frames = 60;
        rehearsal.rate = 0.5; // 60 s of frames for the second half, longer than both faults take here
        rehearsal.killTaskManager = true;
        rehearsal.restartBroker = true;
        rehearsal.independentCheck = "auto";
        rehearsal.dir = dir;
        rehearsal.jobJar = Path.of("..", "flink-job", "target", "tokenpose-pose-job.jar");

        ClusterRehearsal.Outcome outcome = rehearsal.rehearse();
        System.out.println(outcome.line());

        assertThat(outcome.framesIn()).isEqualTo(120);
        assertThat(outcome.check()).as(outcome.line()).isEqualTo(new ClusterRehearsal.Check(120, 0, 0, 0));
        assertThat(outcome.killed()).isEqualTo("taskmanager-1");
        assertThat(outcome.recoverySeconds()).isPositive();
        assertThat(outcome.brokerRestartSeconds()).isPositive();
        assertThat(outcome.independent()).as(outcome.line()).isIn(null, "ok");
        assertThat(outcome.exactlyOnce()).isTrue();
    }
}
