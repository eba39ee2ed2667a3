package dev.tokenpose.local.cluster;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.client.deployment.StandaloneClusterId;
import org.apache.flink.client.program.PackagedProgram;
import org.apache.flink.client.program.PackagedProgramUtils;
import org.apache.flink.client.program.rest.RestClusterClient;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.GlobalConfiguration;
import org.apache.flink.configuration.JobManagerOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.clusterframework.TaskExecutorProcessSpec;
import org.apache.flink.runtime.clusterframework.TaskExecutorProcessUtils;
import org.apache.flink.runtime.jobgraph.JobGraph;
import org.apache.flink.runtime.jobgraph.SavepointRestoreSettings;
import org.apache.flink.runtime.util.config.memory.ProcessMemoryUtils;

/**
 * A Flink session cluster of separate JVMs on this machine — a JobManager and TaskManagers of one
 * slot each, started with Flink's own entry points from the jars the project builds — that takes
 * the shaded job jar through Flink's REST API, as a cluster on real machines does. The cluster's
 * class path holds Flink, the connector's dependencies and the native libraries but none of the
 * project's classes: those come from the submitted jar.
 */
final class FlinkSessionCluster implements AutoCloseable {

    private static final String JOB_MANAGER = "org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint";
    private static final String TASK_MANAGER = "org.apache.flink.runtime.taskexecutor.TaskManagerRunner";

    private final Path dir;
    private final Path conf;
    private final String classpath;
    private final int restPort;
    private final ChildJvm jobManager;
    private final List<ChildJvm> taskManagers = new ArrayList<>();
    private final RestClusterClient<StandaloneClusterId> client;

    private FlinkSessionCluster(Path dir, Path conf, String classpath, int restPort, ChildJvm jobManager)
            throws Exception {
        this.dir = dir;
        this.conf = conf;
        this.classpath = classpath;
        this.restPort = restPort;
        this.jobManager = jobManager;
        Configuration c = new Configuration();
        c.set(JobManagerOptions.ADDRESS, "localhost");
        c.set(RestOptions.ADDRESS, "localhost");
        c.set(RestOptions.PORT, restPort);
        this.client = new RestClusterClient<>(c, StandaloneClusterId.getInstance());
    }

    /**
     * Starts the JobManager and waits for its REST API.
     *
     * @param dir the cluster's folder: configuration, logs, checkpoints and savepoints
     * @param classpath the cluster's class path (Flink and the libraries, not the job's classes)
     */
    static FlinkSessionCluster start(Path dir, String classpath) throws Exception {
        Path conf = Files.createDirectories(dir.resolve("conf"));
        Files.createDirectories(dir.resolve("log"));
        int rpcPort = freePort();
        int restPort = freePort();
        String checkpoints = dir.resolve("checkpoints").toUri().toString();
        String savepoints = dir.resolve("savepoints").toUri().toString();
        Files.writeString(
                conf.resolve("config.yaml"),
                String.join(
                        "\n",
                        "jobmanager.rpc.address: localhost",
                        "jobmanager.rpc.port: " + rpcPort,
                        "jobmanager.bind-host: localhost",
                        "jobmanager.memory.process.size: 1024m",
                        "rest.address: localhost",
                        "rest.bind-address: localhost",
                        "rest.port: " + restPort,
                        "taskmanager.host: localhost",
                        "taskmanager.bind-host: localhost",
                        "taskmanager.numberOfTaskSlots: 1",
                        "taskmanager.memory.process.size: 2048m",
                        // A killed TaskManager is noticed within seconds, not the default 50.
                        "heartbeat.interval: 2000",
                        "heartbeat.timeout: 8000",
                        "execution.checkpointing.dir: " + checkpoints,
                        "execution.checkpointing.savepoint-dir: " + savepoints,
                        "restart-strategy.type: fixed-delay",
                        "restart-strategy.fixed-delay.attempts: 1000",
                        "restart-strategy.fixed-delay.delay: 2 s",
                        ""));
        Files.writeString(
                conf.resolve("log4j.properties"),
                String.join(
                        "\n",
                        "rootLogger.level = INFO",
                        "rootLogger.appenderRef.out.ref = out",
                        "appender.out.type = Console",
                        "appender.out.name = out",
                        "appender.out.layout.type = PatternLayout",
                        "appender.out.layout.pattern = %d{HH:mm:ss.SSS} %-5p %c{1} - %m%n",
                        "logger.kafka.name = org.apache.kafka",
                        "logger.kafka.level = WARN",
                        ""));
        List<String> jmJvm = new ArrayList<>(List.of("-Xmx512m"));
        jmJvm.addAll(logOptions(conf));
        ChildJvm jm = ChildJvm.start("jobmanager", classpath, jmJvm, JOB_MANAGER, configDir(conf), dir.resolve("log"));
        FlinkSessionCluster cluster = new FlinkSessionCluster(dir, conf, classpath, restPort, jm);
        try {
            cluster.awaitRest(Duration.ofSeconds(90));
            return cluster;
        } catch (Exception e) {
            cluster.close();
            throw e;
        }
    }

    /** Starts one more TaskManager (one slot) and waits until the JobManager counts it. */
    ChildJvm addTaskManager() throws Exception {
        int n = taskManagers.size() + 1;
        // What Flink's taskmanager.sh derives from the configuration: the memory and CPU of the
        // process as dynamic properties, and the JVM's heap, direct and metaspace limits to match.
        TaskExecutorProcessSpec spec =
                TaskExecutorProcessUtils.processSpecFromConfig(GlobalConfiguration.loadConfiguration(conf.toString()));
        List<String> jvm = new ArrayList<>(Arrays.asList(
                ProcessMemoryUtils.generateJvmParametersStr(spec).trim().split("\\s+")));
        jvm.addAll(logOptions(conf));
        List<String> args = new ArrayList<>(configDir(conf));
        args.addAll(Arrays.asList(
                TaskExecutorProcessUtils.generateDynamicConfigsStr(spec).trim().split("\\s+")));
        args.add("-D");
        args.add("taskmanager.resource-id=taskmanager-" + n);
        ChildJvm tm = ChildJvm.start("taskmanager-" + n, classpath, jvm, TASK_MANAGER, args, dir.resolve("log"));
        taskManagers.add(tm);
        return tm;
    }

    List<ChildJvm> taskManagers() {
        return taskManagers;
    }

    /** The REST API's address, for Flink's web clients and {@code flink run -m}. */
    String restUrl() {
        return "http://localhost:" + restPort;
    }

    /**
     * Submits the shaded job jar through the REST API.
     *
     * @param jobJar the job jar (its manifest names the main class)
     * @param args the job's arguments
     * @param parallelism the job's default parallelism
     * @param savepoint a savepoint to restore, or null
     */
    JobID submit(Path jobJar, List<String> args, int parallelism, String savepoint) throws Exception {
        // The job graph is built here, where the job's classes are also on the application class
        // path: parent-first keeps one copy of each (the cluster loads them from the jar alone).
        Configuration local = new Configuration();
        local.set(CoreOptions.CLASSLOADER_RESOLVE_ORDER, "parent-first");
        PackagedProgram program = PackagedProgram.newBuilder()
                .setConfiguration(local)
                .setJarFile(jobJar.toFile())
                .setArguments(args.toArray(String[]::new))
                .setSavepointRestoreSettings(
                        savepoint == null
                                ? SavepointRestoreSettings.none()
                                : SavepointRestoreSettings.forPath(savepoint, false))
                .build();
        try {
            JobGraph graph = PackagedProgramUtils.createJobGraph(program, local, parallelism, false);
            return client.submitJob(graph).get();
        } finally {
            program.close();
        }
    }

    /** Waits until the job runs all its tasks. */
    void awaitRunning(JobID job, Duration timeout) throws Exception {
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end) {
            JobStatus status = client.getJobStatus(job).get();
            if (status == JobStatus.RUNNING
                    && client.getJobDetails(job).get().getJobVerticesPerState().entrySet().stream()
                            .allMatch(e -> e.getValue() == 0
                                    || e.getKey() == org.apache.flink.runtime.execution.ExecutionState.RUNNING)) {
                return;
            }
            if (status.isGloballyTerminalState()) {
                throw new IllegalStateException("job " + job + " ended " + status + "; see " + jobManager.log());
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("job " + job + " not running after " + timeout + "; see " + jobManager.log());
    }

    /** Waits until the JobManager has noticed a failure and restarts the job. */
    void awaitRestart(JobID job, Duration timeout) throws Exception {
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end) {
            JobStatus status = client.getJobStatus(job).get();
            if (status == JobStatus.RESTARTING || status == JobStatus.CREATED) {
                return;
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException(
                "job " + job + " did not restart within " + timeout + "; see " + jobManager.log());
    }

    /** Stops the job with a savepoint and returns its path. */
    String stopWithSavepoint(JobID job) throws Exception {
        return client.stopWithSavepoint(job, false, null, SavepointFormatType.CANONICAL)
                .get();
    }

    void cancel(JobID job) throws Exception {
        client.cancel(job).get();
    }

    private void awaitRest(Duration timeout) throws Exception {
        long end = System.nanoTime() + timeout.toNanos();
        Exception last = null;
        while (System.nanoTime() < end) {
            if (!jobManager.alive()) {
                throw new IllegalStateException("the JobManager exited; see " + jobManager.log());
            }
            try {
                client.listJobs().get();
                return;
            } catch (Exception e) {
                last = e;
                Thread.sleep(500);
            }
        }
        throw new IllegalStateException(
                "no REST API at " + restUrl() + " after " + timeout + "; see " + jobManager.log(), last);
    }

    @Override
    public void close() throws Exception {
        client.close();
        for (ChildJvm tm : taskManagers) {
            tm.close();
        }
        jobManager.close();
    }

    /**
     * What a Flink cluster's {@code lib/} holds: this process's class path less the project's jars
     * and less the libraries the job jar bundles (Avro and flink-avro, the Kafka connector and
     * client, Jackson), which must come from the job jar alone — two copies of Avro, say, make
     * Flink see the job's records as unknown types. Apache Commons stays: Flink's distribution has
     * it too.
     */
    static String clusterClasspath(Path jobJar) throws IOException {
        Set<String> bundled = new HashSet<>();
        try (JarFile jar = new JarFile(jobJar.toFile())) {
            jar.stream()
                    .map(JarEntry::getName)
                    .filter(n -> n.endsWith(".class"))
                    .forEach(bundled::add);
        }
        List<String> kept = new ArrayList<>();
        for (String p : System.getProperty("java.class.path").split(File.pathSeparator)) {
            String name = Path.of(p).getFileName().toString();
            if (name.startsWith("tokenpose-") || (!name.startsWith("commons-") && bundles(Path.of(p), bundled))) {
                continue;
            }
            kept.add(p);
        }
        return String.join(File.pathSeparator, kept);
    }

    /** Whether the job jar holds the first class of this jar. */
    private static boolean bundles(Path jar, Set<String> bundled) throws IOException {
        if (!Files.isRegularFile(jar)) {
            return false;
        }
        try (JarFile j = new JarFile(jar.toFile())) {
            return j.stream()
                    .map(JarEntry::getName)
                    .filter(n -> n.endsWith(".class") && !n.startsWith("META-INF/") && !n.endsWith("module-info.class"))
                    .findFirst()
                    .map(bundled::contains)
                    .orElse(false);
        }
    }

    /**
     * Logging, and the module openings that Flink's distribution sets for every JVM on Java 17
     * ({@code env.java.default-opts.all}): Kryo copies records such as {@code java.time.Instant}
     * by reflection.
     */
    private static List<String> logOptions(Path conf) {
        List<String> options = new ArrayList<>(List.of(
                "-Dlog4j.configurationFile=" + conf.resolve("log4j.properties").toUri(),
                "-Dorg.bytedeco.javacpp.logger=slf4j",
                "--add-exports=java.base/sun.net.util=ALL-UNNAMED",
                "--add-exports=java.rmi/sun.rmi.registry=ALL-UNNAMED",
                "--add-exports=java.security.jgss/sun.security.krb5=ALL-UNNAMED"));
        for (String p : List.of(
                "java.lang",
                "java.net",
                "java.io",
                "java.nio",
                "sun.nio.ch",
                "java.lang.reflect",
                "java.text",
                "java.time",
                "java.util",
                "java.util.concurrent",
                "java.util.concurrent.atomic",
                "java.util.concurrent.locks")) {
            options.add("--add-opens=java.base/" + p + "=ALL-UNNAMED");
        }
        return options;
    }

    private static List<String> configDir(Path conf) {
        return List.of("--configDir", conf.toString());
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
