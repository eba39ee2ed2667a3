package dev.tokenpose.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenpose.flink.GpuAssignment;
import dev.tokenpose.flink.PoseJobMain;
import dev.tokenpose.flink.PoseJobOptions;
import dev.tokenpose.kafka.KafkaTools;
import dev.tokenpose.kafka.admin.TopicSettings;
import dev.tokenpose.kafka.stats.StatsApp;
import dev.tokenpose.kafka.stats.StatsSettings;
import dev.tokenpose.schema.codec.Topic;
import dev.tokenpose.schema.connect.KafkaConnection;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.kafka.listener.GenericKafkaListener;
import io.strimzi.api.kafka.model.nodepool.KafkaNodePool;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import java.io.IOException;
import java.io.StringReader;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ExternalResourceOptions;
import org.apache.flink.configuration.FallbackKey;
import org.apache.flink.kubernetes.operator.api.FlinkDeployment;
import org.apache.flink.kubernetes.operator.api.spec.FlinkDeploymentSpec;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The manifests name what the build makes, under the names the build uses: images built by the
 * Dockerfiles, the shaded job jar and its main class, the Flink and Kafka versions, the topics,
 * the Kafka bootstrap service, the job's option keys and the tools' options (from their picocli
 * models), Flink's configuration keys (from Flink's own option classes), the dashboard's port.
 */
class ManifestsMatchTheBuildTest {

    private static final List<Manifest> BASE = Manifest.under(Manifest.BASE);
    /** The Flink GPU driver's factory, from the flink-external-resource-gpu plugin in the GPU image. */
    private static final String GPU_DRIVER_FACTORY = "org.apache.flink.externalresource.gpu.GPUDriverFactory";
    /** flink-kubernetes's suffix for the Kubernetes resource name of an external resource. */
    private static final String KUBERNETES_CONFIG_KEY = "kubernetes.config-key";
    /** The resource name of NVIDIA's device plugin. */
    private static final String NVIDIA_GPU = "nvidia.com/gpu";
    /**
     * java.io.tmpdir in the tools image, where the dashboard makes its state directory: the JVM's
     * default on Linux, which the image leaves alone.
     */
    private static final String TOOLS_TMPDIR = "/tmp";
    /** The dashboard's options naming the topics it reads and writes. */
    private static final List<String> DASHBOARD_TOPIC_OPTIONS =
            List.of("--frames-topic", "--poses-topic", "--dead-letter-topic", "--stats-topic");

    @Test
    void shouldUseOnlyImagesThatTheDockerfilesBuild() {
        Map<String, Path> images = BuildFacts.images();
        List<String> used = new ArrayList<>();
        for (Manifest m : Manifest.under(Manifest.K8S)) {
            if (m.kind().equals("FlinkDeployment")) {
                used.add(m.tree().path("spec").path("image").asText());
            }
            m.tree()
                    .findValues("containers")
                    .forEach(cs -> cs.forEach(c -> {
                        if (c.has("image")) {
                            used.add(c.path("image").asText());
                        }
                    }));
        }

        assertThat(used).isNotEmpty();
        assertThat(images.keySet()).containsAll(used);
        assertThat(flinkSpec(Manifest.OVERLAYS.resolve("gpu/flink-gpu.yaml")).getImage())
                .as("the GPU overlay's image is built on CUDA")
                .satisfies(i -> assertThat(BuildFacts.baseImage(images.get(i))).startsWith("nvidia/cuda:"));
        assertThat(flinkSpec(Manifest.OVERLAYS.resolve("cpu/flink-cpu.yaml")).getImage())
                .satisfies(i -> assertThat(BuildFacts.baseImage(images.get(i)))
                        .startsWith("flink:" + BuildFacts.parentProperty("flink.version")));
    }

    @Test
    void shouldRunTheShadedJobJarFromWhereTheImagesPutIt() {
        String jar = BuildFacts.jobJarName();
        FlinkDeploymentSpec spec = ManifestModelsTest.flinkDeployment().getSpec();

        for (Path dockerfile : List.of(
                BuildFacts.FLINK_IMAGE.resolve("Dockerfile"), BuildFacts.FLINK_IMAGE.resolve("Dockerfile.gpu"))) {
            assertThat("local://" + BuildFacts.copyDestination(dockerfile, jar))
                    .as(dockerfile.toString())
                    .isEqualTo(spec.getJob().getJarURI());
            assertThat(BuildFacts.baseImage(dockerfile))
                    .as(dockerfile.toString())
                    .doesNotContain("latest");
        }
        assertThat(BuildFacts.read(BuildFacts.FLINK_IMAGE.resolve("collect-lib.sh")))
                .contains("flink-job/target/" + jar);
        assertThat(spec.getJob().getEntryClass())
                .isEqualTo(BuildFacts.jobMainClass())
                .isEqualTo(PoseJobMain.class.getName());
    }

    @Test
    void shouldNameTheBuildsFlinkAndKafkaVersions() {
        String flink = BuildFacts.parentProperty("flink.version");
        String[] v = flink.split("\\.");
        Kafka kafka = (Kafka) TypedModels.read(Manifest.only(BASE, "Kafka"));

        assertThat(ManifestModelsTest.flinkManifest()
                        .tree()
                        .path("spec")
                        .path("flinkVersion")
                        .asText())
                .isEqualTo("v" + v[0] + "_" + v[1]);
        assertThat(kafka.getSpec().getKafka().getVersion()).isEqualTo(BuildFacts.parentProperty("kafka.version"));
        // The S3 plugin the Flink image enables is the one of its Flink release.
        assertThat(containerEnv(
                        ManifestModelsTest.flinkDeployment().getSpec().getPodTemplate(), "ENABLE_BUILT_IN_PLUGINS"))
                .isEqualTo("flink-s3-fs-hadoop-" + flink + ".jar");
    }

    @Test
    void shouldCreateTheTopicsThatTheJobAndTheToolsUse() throws IOException {
        List<KafkaTopic> topics = BASE.stream()
                .filter(m -> m.kind().equals("KafkaTopic"))
                .map(m -> (KafkaTopic) TypedModels.read(m))
                .toList();
        Map<String, KafkaTopic> byName = topics.stream()
                .collect(Collectors.toMap(
                        t -> t.getSpec().getTopicName() != null
                                ? t.getSpec().getTopicName()
                                : t.getMetadata().getName(),
                        t -> t));
        Kafka kafka = (Kafka) TypedModels.read(Manifest.only(BASE, "Kafka"));
        KafkaNodePool pool = (KafkaNodePool) TypedModels.read(Manifest.only(BASE, "KafkaNodePool"));
        PoseJobOptions job = jobOptions();
        CommandSpec dashboard = toolsCommand(dashboardContainer());

        assertThat(byName.keySet())
                .containsExactlyInAnyOrder(
                        Topic.FRAMES_NAME, Topic.POSES_NAME, Topic.DEAD_LETTERS_NAME, Topic.STATS_NAME);
        assertThat(byName.keySet())
                .containsExactlyInAnyOrder(
                        TopicSettings.DEFAULTS.framesTopic(),
                        TopicSettings.DEFAULTS.posesTopic(),
                        TopicSettings.DEFAULTS.deadLetterTopic(),
                        StatsSettings.DEFAULTS.statsTopic());
        assertThat(byName.keySet()).contains(job.framesTopic, job.posesTopic, job.deadLetterTopic);
        assertThat(producerOption("--topic")).isEqualTo(job.framesTopic);
        // The values it runs with, given or defaults.
        assertThat(DASHBOARD_TOPIC_OPTIONS.stream()
                        .map(o -> dashboard.findOption(o).<String>getValue())
                        .toList())
                .containsExactlyInAnyOrderElementsOf(byName.keySet());
        for (KafkaTopic t : topics) {
            assertThat(t.getMetadata().getLabels())
                    .containsEntry("strimzi.io/cluster", kafka.getMetadata().getName());
            assertThat(t.getSpec().getReplicas())
                    .isLessThanOrEqualTo(pool.getSpec().getReplicas());
        }
        long framesMax = Long.parseLong(byName.get(job.framesTopic)
                .getSpec()
                .getConfig()
                .get("max.message.bytes")
                .toString());
        assertThat(framesMax).isGreaterThanOrEqualTo(TopicSettings.DEFAULT_FRAMES_MAX_MESSAGE_BYTES);
        assertThat(Long.parseLong(kafka.getSpec()
                        .getKafka()
                        .getConfig()
                        .get("message.max.bytes")
                        .toString()))
                .isGreaterThanOrEqualTo(framesMax);
        assertThat(pool.getMetadata().getLabels())
                .containsEntry("strimzi.io/cluster", kafka.getMetadata().getName());
    }

    @Test
    void shouldConnectTheJobAndTheProducersToTheClustersBootstrapService() throws IOException {
        Kafka kafka = (Kafka) TypedModels.read(Manifest.only(BASE, "Kafka"));
        GenericKafkaListener plain = kafka.getSpec().getKafka().getListeners().stream()
                .filter(l -> !l.isTls())
                .findFirst()
                .orElseThrow();
        // Strimzi's bootstrap service for a cluster is <name>-kafka-bootstrap.
        String bootstrap = kafka.getMetadata().getName() + "-kafka-bootstrap:" + plain.getPort();

        assertThat(jobOptions().bootstrapServers).isEqualTo(bootstrap);
        assertThat(producerOption("--bootstrap-servers")).isEqualTo(bootstrap);
        assertThat(toolsCommand(dashboardContainer())
                        .findOption("--bootstrap-servers")
                        .<String>getValue())
                .isEqualTo(bootstrap);
    }

    @Test
    void shouldGiveTheJobOnlyOptionsItDeclares() throws IOException {
        Set<String> declared = longOptions(new CommandLine(new PoseJobOptions()).getCommandSpec());
        Properties settings = jobProperties();
        List<String> args = new ArrayList<>();
        for (Manifest m : Manifest.under(Manifest.K8S)) {
            if (m.kind().equals("FlinkDeployment")) {
                m.tree().path("spec").path("job").path("args").forEach(a -> args.add(a.asText()));
            }
        }

        assertThat(declared)
                .contains("bootstrap-servers", "frames-topic", "batch-max-frames"); // the spec is read, not empty
        assertThat(settings.stringPropertyNames())
                .isNotEmpty()
                .allSatisfy(k -> assertThat(declared).as("properties key").contains(k));
        assertThat(args)
                .isNotEmpty()
                .allSatisfy(a -> assertThat(declared).as("argument %s", a).contains(optionName(a)));
    }

    @Test
    void shouldReadTheJobSettingsFromTheMountedConfigMap() throws IOException {
        FlinkDeploymentSpec spec = ManifestModelsTest.flinkDeployment().getSpec();
        ConfigMap config = (ConfigMap) TypedModels.read(Manifest.only(BASE, "ConfigMap"));
        Container main = spec.getPodTemplate().getSpec().getContainers().get(0);
        String volume = spec.getPodTemplate().getSpec().getVolumes().stream()
                .filter(v -> v.getConfigMap() != null
                        && v.getConfigMap()
                                .getName()
                                .equals(config.getMetadata().getName()))
                .findFirst()
                .orElseThrow()
                .getName();
        String mountPath = main.getVolumeMounts().stream()
                .filter(v -> v.getName().equals(volume))
                .findFirst()
                .orElseThrow()
                .getMountPath();
        String file = config.getData().keySet().iterator().next();

        assertThat(main.getName())
                .isEqualTo("flink-main-container"); // the operator merges pod templates into this container
        assertThat(spec.getJob().getArgs()).contains("--properties=" + mountPath + "/" + file);
    }

    @Test
    void shouldLoadTheModelFromWhereTheImagesPutIt() throws IOException {
        PoseJobOptions job = jobOptions();
        String models = BuildFacts.copyDestination(BuildFacts.FLINK_IMAGE.resolve("Dockerfile"), "models/");

        assertThat(BuildFacts.copyDestination(BuildFacts.FLINK_IMAGE.resolve("Dockerfile.gpu"), "models/"))
                .isEqualTo(models);
        assertThat(List.of(job.config, job.weights)).allSatisfy(p -> {
            assertThat(p).startsWith(models);
            assertThat(BuildFacts.read(BuildFacts.FLINK_IMAGE.resolve("collect-lib.sh")))
                    .contains("$out/models/" + Path.of(p).getFileName());
        });
    }

    @Test
    void shouldGiveTheProducerOnlyOptionsOfItsCommand() {
        Container producer = producerContainer();

        assertThat(toolsCommand(producer).name()).isEqualTo("produce");
        assertThat(producer.getEnv())
                .anySatisfy(e -> assertThat(producerOption("--source")).isEqualTo("$(" + e.getName() + ")"));
    }

    @Test
    void shouldGiveTheDashboardOnlyOptionsOfItsCommandAndItsTokenFromASecret() throws Exception {
        Container dashboard = dashboardContainer();
        CommandSpec command = toolsCommand(dashboard);
        Field tokenEnv = command.userObject().getClass().getDeclaredField("TOKEN_ENV");
        tokenEnv.setAccessible(true);
        String variable = (String) tokenEnv.get(null);

        assertThat(command.name()).isEqualTo("dashboard");
        assertThat(dashboard.getArgs()).noneSatisfy(a -> assertThat(a).startsWith("--token"));
        assertThat(dashboard.getEnv())
                .filteredOn(e -> e.getName().equals(variable))
                .singleElement()
                .satisfies(e -> {
                    assertThat(e.getValue()).as("an inline token").isNull();
                    assertThat(e.getValueFrom().getSecretKeyRef().getName()).isNotBlank();
                    assertThat(e.getValueFrom().getSecretKeyRef().getKey()).isNotBlank();
                });
    }

    @Test
    void shouldServeTheDashboardOnThePortItsServiceAndProbesTarget() {
        Container dashboard = dashboardContainer();
        CommandSpec command = toolsCommand(dashboard);
        int port = command.findOption("--port").<Integer>getValue();
        Service service = (Service) TypedModels.read(ManifestModelsTest.dashboardService());

        // A Service reaches the pod's address, which the default 127.0.0.1 does not listen on.
        assertThat(command.findOption("--bind").<String>getValue()).isEqualTo("0.0.0.0");
        assertThat(dashboard.getPorts())
                .extracting(ContainerPort::getContainerPort)
                .containsExactly(port);
        assertThat(service.getSpec().getPorts())
                .isNotEmpty()
                .allSatisfy(p -> assertThat(containerPort(dashboard, p.getTargetPort()))
                        .as("%s's targetPort", service.getMetadata().getName())
                        .isEqualTo(port));
        assertThat(List.of(dashboard.getStartupProbe(), dashboard.getReadinessProbe(), dashboard.getLivenessProbe()))
                .allSatisfy(
                        p -> assertThat(containerPort(dashboard, p.getHttpGet().getPort()))
                                .isEqualTo(port));
        // Ready only while the Streams app serves its queries (DashboardKafkaTest checks /health).
        assertThat(dashboard.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/health");
        // The startup probe outlasts the dashboard's wait for the topic operator's topics.
        assertThat((long) dashboard.getStartupProbe().getPeriodSeconds()
                        * dashboard.getStartupProbe().getFailureThreshold())
                .isGreaterThan(StatsApp.TOPIC_WAIT.toSeconds());
    }

    @Test
    void shouldKeepTheDashboardsStateOnAnEmptyDir() {
        Deployment d = (Deployment) TypedModels.read(ManifestModelsTest.dashboard());
        String volume = dashboardContainer().getVolumeMounts().stream()
                .filter(m -> m.getMountPath().equals(TOOLS_TMPDIR))
                .findFirst()
                .orElseThrow(() -> new AssertionError("nothing mounted at " + TOOLS_TMPDIR))
                .getName();

        assertThat(BuildFacts.read(BuildFacts.TOOLS_IMAGE.resolve("Dockerfile")))
                .doesNotContain("java.io.tmpdir");
        assertThat(d.getSpec().getTemplate().getSpec().getVolumes())
                .filteredOn(v -> v.getName().equals(volume))
                .singleElement()
                .satisfies(v -> assertThat(v.getEmptyDir()).isNotNull());
    }

    @Test
    void shouldReplicateTheStatsAppsInternalTopicsAndTransactionsOnEveryBroker() {
        Properties streams = StatsApp.config(KafkaConnection.plaintext("kafka:9092"), "id", Path.of("state"), false);
        Map<String, Object> broker = ((Kafka) TypedModels.read(Manifest.only(BASE, "Kafka")))
                .getSpec()
                .getKafka()
                .getConfig();
        int brokers = ((KafkaNodePool) TypedModels.read(Manifest.only(BASE, "KafkaNodePool")))
                .getSpec()
                .getReplicas();

        // The app takes no replication settings: its internal topics follow the broker's default.
        assertThat(new StreamsConfig(streams).getInt(StreamsConfig.REPLICATION_FACTOR_CONFIG))
                .isEqualTo(-1);
        assertThat(streams.get(StreamsConfig.PROCESSING_GUARANTEE_CONFIG)).isEqualTo(StreamsConfig.EXACTLY_ONCE_V2);
        assertThat(broker)
                .containsEntry("default.replication.factor", brokers)
                .containsEntry("transaction.state.log.replication.factor", brokers)
                .containsEntry("min.insync.replicas", brokers - 1)
                .containsEntry("transaction.state.log.min.isr", brokers - 1);
    }

    @Test
    void shouldUseOnlyConfigurationKeysThatFlinkDeclares() throws Exception {
        Set<String> current = new HashSet<>();
        Set<String> deprecated = new HashSet<>();
        flinkOptions(current, deprecated);
        List<String> unknown = new ArrayList<>();
        List<String> old = new ArrayList<>();
        for (Manifest m : Manifest.under(Manifest.K8S)) {
            if (!m.kind().equals("FlinkDeployment")) {
                continue;
            }
            Map<String, String> conf = flinkSpec(m.file()).getFlinkConfiguration();
            if (conf == null) {
                continue;
            }
            Set<String> resources = new TreeSet<>();
            if (conf.containsKey(ExternalResourceOptions.EXTERNAL_RESOURCE_LIST.key())) {
                resources.addAll(List.of(conf.get(ExternalResourceOptions.EXTERNAL_RESOURCE_LIST.key())
                        .split("\\s*;\\s*")));
            }
            for (String key : conf.keySet()) {
                if (deprecated.contains(key) && !current.contains(key)) {
                    old.add(m + ": " + key);
                } else if (!current.contains(key) && !externalResourceKey(key, resources) && !key.startsWith("s3.")) {
                    unknown.add(m + ": " + key); // s3.*: the S3 file system plugin's, not on this class path
                }
            }
        }

        assertThat(current).contains(CheckpointingOptions.CHECKPOINTS_DIRECTORY.key(), "taskmanager.numberOfTaskSlots");
        assertThat(unknown)
                .as("keys no Flink %s option declares", BuildFacts.parentProperty("flink.version"))
                .isEmpty();
        assertThat(old).as("deprecated keys").isEmpty();
    }

    @Test
    void shouldGiveEachGpuTaskManagerOneGpuAndOneSlot() {
        Path gpuPatch = Manifest.OVERLAYS.resolve("gpu/flink-gpu.yaml");
        FlinkDeploymentSpec gpu = flinkSpec(gpuPatch);
        Map<String, String> conf = new java.util.HashMap<>(
                ManifestModelsTest.flinkDeployment().getSpec().getFlinkConfiguration());
        conf.putAll(gpu.getFlinkConfiguration()); // kustomize merges the patch's map into the base's
        String r = GpuAssignment.RESOURCE;
        PodTemplateSpec tm = gpu.getTaskManager().getPodTemplate();
        Container main = tm.getSpec().getContainers().get(0);

        assertThat(conf.get(ExternalResourceOptions.EXTERNAL_RESOURCE_LIST.key()))
                .isEqualTo(r);
        assertThat(conf)
                .containsEntry("taskmanager.numberOfTaskSlots", "1")
                .containsEntry(ExternalResourceOptions.getAmountConfigOptionForResource(r), "1")
                .containsEntry(
                        ExternalResourceOptions.getExternalResourceDriverFactoryConfigOptionForResource(r),
                        GPU_DRIVER_FACTORY)
                .containsEntry(
                        ExternalResourceOptions.getSystemConfigKeyConfigOptionForResource(r, KUBERNETES_CONFIG_KEY),
                        NVIDIA_GPU);
        assertThat(main.getName()).isEqualTo("flink-main-container");
        assertThat(main.getResources().getLimits()).containsEntry(NVIDIA_GPU, new Quantity("1"));
        assertThat(tm.getSpec().getNodeSelector()).isNotEmpty();
        assertThat(tm.getSpec().getTolerations()).extracting(Toleration::getKey).contains(NVIDIA_GPU);
        // The discovery script is where the GPU image checks that it put it (relative to Flink's home).
        assertThat(BuildFacts.read(BuildFacts.FLINK_IMAGE.resolve("Dockerfile.gpu")))
                .contains("test -x /opt/flink/"
                        + conf.get(ExternalResourceOptions.getExternalResourceParamConfigPrefixForResource(r)
                                + "discovery-script.path"));
        // CPU task managers get no GPU.
        assertThat(flinkSpec(Manifest.OVERLAYS.resolve("cpu/flink-cpu.yaml")).getFlinkConfiguration())
                .isNullOrEmpty();
    }

    private static boolean externalResourceKey(String key, Set<String> resources) {
        for (String r : resources) {
            List<String> keys = List.of(
                    ExternalResourceOptions.getAmountConfigOptionForResource(r),
                    ExternalResourceOptions.getExternalResourceDriverFactoryConfigOptionForResource(r),
                    ExternalResourceOptions.getSystemConfigKeyConfigOptionForResource(r, KUBERNETES_CONFIG_KEY));
            if (keys.contains(key)
                    || key.startsWith(ExternalResourceOptions.getExternalResourceParamConfigPrefixForResource(r))) {
                return true;
            }
        }
        return false;
    }

    /**
     * Every key of the ConfigOption constants in flink-core's configuration package: current, or
     * deprecated (a deprecated constant's key, or a fallback key marked deprecated).
     */
    private static void flinkOptions(Set<String> current, Set<String> deprecated) throws Exception {
        Path jar = Path.of(ConfigOption.class
                .getProtectionDomain()
                .getCodeSource()
                .getLocation()
                .toURI());
        try (JarFile j = new JarFile(jar.toFile())) {
            for (String entry : j.stream()
                    .map(java.util.zip.ZipEntry::getName)
                    .filter(n -> n.startsWith("org/apache/flink/configuration/") && n.endsWith("Options.class"))
                    .toList()) {
                Class<?> c = Class.forName(
                        entry.replace('/', '.').replace(".class", ""), false, ConfigOption.class.getClassLoader());
                for (Field f : c.getFields()) {
                    if (Modifier.isStatic(f.getModifiers()) && ConfigOption.class.isAssignableFrom(f.getType())) {
                        ConfigOption<?> o = (ConfigOption<?>) f.get(null);
                        (f.isAnnotationPresent(Deprecated.class) ? deprecated : current).add(o.key());
                        for (FallbackKey k : o.fallbackKeys()) {
                            (k.isDeprecated() ? deprecated : current).add(k.getKey());
                        }
                    }
                }
            }
        }
    }

    private static Set<String> longOptions(CommandSpec spec) {
        return spec.options().stream()
                .map(OptionSpec::longestName)
                .filter(n -> n.startsWith("--"))
                .map(n -> n.substring(2))
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private static String optionName(String arg) {
        assertThat(arg).as("an option").startsWith("--");
        int eq = arg.indexOf('=');
        return eq < 0 ? arg.substring(2) : arg.substring(2, eq);
    }

    private static FlinkDeploymentSpec flinkSpec(Path file) {
        Manifest m = Manifest.only(Manifest.read(file), "FlinkDeployment");
        return TypedModels.read(ManifestModelsTest.withoutFlinkVersion(m.tree()), FlinkDeployment.class)
                .getSpec();
    }

    private static String containerEnv(PodTemplateSpec template, String name) {
        return template.getSpec().getContainers().get(0).getEnv().stream()
                .filter(e -> e.getName().equals(name))
                .findFirst()
                .orElseThrow()
                .getValue();
    }

    private static Properties jobProperties() throws IOException {
        ConfigMap config = (ConfigMap) TypedModels.read(Manifest.only(BASE, "ConfigMap"));
        Properties p = new Properties();
        p.load(new StringReader(config.getData().get("pose-job.properties")));
        return p;
    }

    /** The job's options as it parses them from the ConfigMap's properties. */
    private static PoseJobOptions jobOptions() throws IOException {
        Path file = Files.createTempFile("pose-job", ".properties");
        try {
            ConfigMap config = (ConfigMap) TypedModels.read(Manifest.only(BASE, "ConfigMap"));
            Files.writeString(file, config.getData().get("pose-job.properties"));
            return PoseJobOptions.parse("--properties=" + file);
        } finally {
            Files.delete(file);
        }
    }

    /**
     * The command of the tools image that a container runs, checked: its first argument names a
     * subcommand, every other is one of that subcommand's long options, and they parse.
     *
     * @return the subcommand's spec, holding the parsed values (defaults where not given)
     */
    private static CommandSpec toolsCommand(Container container) {
        CommandLine tools = new CommandLine(new KafkaTools());
        List<String> args = container.getArgs();
        CommandLine command = tools.getSubcommands().get(args.get(0));

        assertThat(command).as("subcommand %s", args.get(0)).isNotNull();
        Set<String> declared = longOptions(command.getCommandSpec());
        assertThat(args.subList(1, args.size()))
                .allSatisfy(a -> assertThat(declared).as("argument %s", a).contains(optionName(a)));
        tools.parseArgs(args.toArray(String[]::new)); // values of the right types, required options present
        return command.getCommandSpec();
    }

    /** The port number a Service or probe port (a number or a container port's name) stands for. */
    private static int containerPort(Container container, IntOrString port) {
        if (port.getIntVal() != null) {
            return port.getIntVal();
        }
        return container.getPorts().stream()
                .filter(p -> port.getStrVal().equals(p.getName()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no container port named " + port.getStrVal()))
                .getContainerPort();
    }

    private static Container dashboardContainer() {
        Deployment d = (Deployment) TypedModels.read(ManifestModelsTest.dashboard());
        return d.getSpec().getTemplate().getSpec().getContainers().get(0);
    }

    private static Container producerContainer() {
        Deployment d = (Deployment) TypedModels.read(ManifestModelsTest.cameraProducer());
        return d.getSpec().getTemplate().getSpec().getContainers().get(0);
    }

    private static String producerOption(String name) {
        return producerContainer().getArgs().stream()
                .filter(a -> a.startsWith(name + "="))
                .findFirst()
                .map(a -> a.substring(name.length() + 1))
                .orElseThrow(() -> new AssertionError("the producer has no " + name));
    }
}
