package dev.tokenpose.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.strimzi.api.kafka.model.kafka.Kafka;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.flink.kubernetes.operator.api.FlinkDeployment;
import org.apache.flink.kubernetes.operator.api.spec.FlinkDeploymentSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every manifest under {@code deploy/k8s} parses into its operator's typed model with no unknown
 * and no missing field; the overlays' patches parse on their own, and patch objects of the base.
 * Rendering: {@code kubectl kustomize deploy/k8s/overlays/gpu} (or {@code cpu}).
 */
class ManifestModelsTest {

    static Stream<Manifest> manifests() {
        return Manifest.under(Manifest.K8S).stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("manifests")
    void shouldParseIntoTheTypedModelOfItsKind(Manifest m) {
        Object typed = TypedModels.read(new Manifest(m.file(), withoutFlinkVersion(m.tree())));

        if (typed instanceof HasMetadata h) {
            assertThat(h.getMetadata().getName()).as("%s: name", m).isNotBlank();
            // The apiVersion the model's @Group/@Version annotations declare (core models: the
            // one they were read with).
            assertThat(m.tree().path("apiVersion").asText())
                    .as("%s: apiVersion", m)
                    .isEqualTo(HasMetadata.getApiVersion(h.getClass()));
        }
    }

    @Test
    void shouldFindTheObjectsOfTheBaseAndEveryOverlay() {
        List<String> base = Manifest.under(Manifest.BASE).stream()
                .map(m -> m.kind() + "/" + m.name())
                .toList();

        assertThat(base)
                .contains(
                        "FlinkDeployment/tokenpose-poses",
                        "Kafka/tokenpose",
                        "KafkaNodePool/dual-role",
                        "KafkaTopic/video-frames",
                        "ConfigMap/pose-job-config",
                        "Deployment/camera-entrance",
                        "Deployment/tokenpose-dashboard",
                        "Service/tokenpose-dashboard",
                        "KafkaTopic/stream-stats");
        assertThat(overlays())
                .containsExactlyInAnyOrder(Manifest.OVERLAYS.resolve("cpu"), Manifest.OVERLAYS.resolve("gpu"));
    }

    @Test
    void shouldHaveWhatTheOperatorNeedsInTheFlinkDeployment() {
        // The fields the operator's validator insists on for an application deployment.
        FlinkDeploymentSpec spec = flinkDeployment().getSpec();

        assertThat(spec.getImage()).isNotBlank();
        assertThat(spec.getServiceAccount()).isNotBlank();
        assertThat(spec.getJobManager().getResource().getMemory()).isNotBlank();
        assertThat(spec.getJobManager().getResource().getCpu()).isPositive();
        assertThat(spec.getTaskManager().getResource().getMemory()).isNotBlank();
        assertThat(spec.getTaskManager().getResource().getCpu()).isPositive();
        assertThat(spec.getJob().getJarURI()).startsWith("local:///");
        assertThat(spec.getJob().getUpgradeMode()).isNotNull();
        assertThat(spec.getJob().getParallelism()).isPositive();
    }

    @Test
    void shouldRunEachDeploymentsPodsUnderItsSelector() {
        for (Manifest m : Manifest.under(Manifest.K8S)) {
            if (m.kind().equals("Deployment")) {
                Deployment d = (Deployment) TypedModels.read(m);
                assertThat(d.getSpec().getSelector().getMatchLabels())
                        .as("%s: selector", m)
                        .isNotEmpty();
                assertThat(d.getSpec().getTemplate().getMetadata().getLabels())
                        .as("%s: pod labels", m)
                        .containsAllEntriesOf(d.getSpec().getSelector().getMatchLabels());
                List<Container> containers = d.getSpec().getTemplate().getSpec().getContainers();
                assertThat(containers)
                        .as("%s: containers", m)
                        .isNotEmpty()
                        .allSatisfy(c -> assertThat(c.getName()).isNotBlank())
                        .allSatisfy(c -> assertThat(c.getImage()).isNotBlank());
            }
        }
    }

    @Test
    void shouldSendEachServiceToThePodsOfADeployment() {
        List<Manifest> all = Manifest.under(Manifest.BASE);
        List<Map<String, String>> podLabels = all.stream()
                .filter(m -> m.kind().equals("Deployment"))
                .map(m -> ((Deployment) TypedModels.read(m))
                        .getSpec()
                        .getTemplate()
                        .getMetadata()
                        .getLabels())
                .toList();
        for (Manifest m : all) {
            if (m.kind().equals("Service")) {
                Map<String, String> selector =
                        ((Service) TypedModels.read(m)).getSpec().getSelector();
                assertThat(selector).as("%s: selector", m).isNotEmpty();
                assertThat(podLabels)
                        .as("%s: pods it selects", m)
                        .anySatisfy(labels -> assertThat(labels).containsAllEntriesOf(selector));
            }
        }
    }

    @Test
    void shouldListExistingFilesAndPatchOnlyObjectsOfTheBase() throws Exception {
        List<String> base = Manifest.under(Manifest.BASE).stream()
                .map(m -> m.kind() + "/" + m.name())
                .toList();
        for (Path folder :
                Stream.concat(Stream.of(Manifest.BASE), overlays().stream()).toList()) {
            JsonNode k = Manifest.kustomization(folder);
            assertThat(k.path("kind").asText()).isEqualTo("Kustomization");
            for (JsonNode r : k.path("resources")) {
                assertThat(folder.resolve(r.asText()))
                        .as("%s lists %s", folder, r)
                        .exists();
            }
            for (JsonNode p : k.path("patches")) {
                Path patch = folder.resolve(p.path("path").asText());
                assertThat(patch).as("%s patches with %s", folder, patch).exists();
                for (Manifest m : Manifest.read(patch)) {
                    assertThat(base).as("%s patches an object of the base", m).contains(m.kind() + "/" + m.name());
                }
            }
        }
        // Every manifest in an overlay folder is one of its patches.
        for (Path overlay : overlays()) {
            List<String> patched = new ArrayList<>();
            Manifest.kustomization(overlay)
                    .path("patches")
                    .forEach(p -> patched.add(p.path("path").asText()));
            try (Stream<Path> files = Files.list(overlay)) {
                assertThat(files.map(f -> f.getFileName().toString()).filter(f -> !f.equals(Manifest.KUSTOMIZATION)))
                        .containsExactlyInAnyOrderElementsOf(patched);
            }
        }
    }

    @Test
    void shouldRefuseAFieldTheModelDoesNotKnow() {
        ObjectNode topic = Manifest.under(Manifest.BASE).stream()
                .filter(m -> m.kind().equals("KafkaTopic"))
                .findFirst()
                .orElseThrow()
                .tree()
                .deepCopy();
        ((ObjectNode) topic.path("spec")).put("partitons", 3);
        ObjectNode flink = withoutFlinkVersion(flinkManifest().tree());
        ((ObjectNode) flink.path("spec").path("job")).put("jarUri", "local:///x.jar");
        ObjectNode podTemplate = withoutFlinkVersion(flinkManifest().tree());
        ((ObjectNode) podTemplate
                        .path("spec")
                        .path("podTemplate")
                        .path("spec")
                        .path("containers")
                        .get(0))
                .put("imagePullPolicey", "Always");
        ObjectNode producer = cameraProducer().tree().deepCopy();
        ((ObjectNode) producer.path("spec").path("template").path("spec")).put("nodeSelecter", "x");
        ObjectNode service = dashboardService().tree().deepCopy();
        ((ObjectNode) service.path("spec").path("ports").get(0)).put("targetPot", 8088);

        assertThatThrownBy(() -> TypedModels.read(topic, io.strimzi.api.kafka.model.topic.KafkaTopic.class))
                .hasMessageContaining("partitons");
        assertThatThrownBy(() -> TypedModels.read(flink, FlinkDeployment.class)).hasMessageContaining("jarUri");
        assertThatThrownBy(() -> TypedModels.read(podTemplate, FlinkDeployment.class))
                .hasMessageContaining("imagePullPolicey");
        assertThatThrownBy(() -> TypedModels.read(producer, Deployment.class)).hasMessageContaining("nodeSelecter");
        assertThatThrownBy(() -> TypedModels.read(service, Service.class)).hasMessageContaining("targetPot");
    }

    @Test
    void shouldRefuseAManifestWithoutARequiredField() {
        ObjectNode pool = Manifest.only(Manifest.under(Manifest.BASE), "KafkaNodePool")
                .tree()
                .deepCopy();
        ((ObjectNode) pool.path("spec")).remove("roles");
        ObjectNode kafka =
                Manifest.only(Manifest.under(Manifest.BASE), "Kafka").tree().deepCopy();
        ((ArrayNode) kafka.path("spec").path("kafka").path("listeners")).forEach(l -> ((ObjectNode) l).remove("type"));

        assertThatThrownBy(() -> TypedModels.read(pool, io.strimzi.api.kafka.model.nodepool.KafkaNodePool.class))
                .hasMessageContaining("missing required field")
                .hasMessageContaining("roles");
        assertThatThrownBy(() -> TypedModels.read(kafka, Kafka.class)).hasMessageContaining("type");
    }

    static List<Path> overlays() {
        try (Stream<Path> dirs = Files.list(Manifest.OVERLAYS)) {
            return dirs.filter(Files::isDirectory).sorted().toList();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static Manifest flinkManifest() {
        return Manifest.only(Manifest.under(Manifest.BASE), "FlinkDeployment");
    }

    static FlinkDeployment flinkDeployment() {
        return TypedModels.read(withoutFlinkVersion(flinkManifest().tree()), FlinkDeployment.class);
    }

    static Manifest cameraProducer() {
        return Manifest.under(Manifest.BASE).stream()
                .filter(m -> m.name().equals("camera-entrance"))
                .findFirst()
                .orElseThrow();
    }

    static Manifest dashboard() {
        return named("Deployment", "tokenpose-dashboard");
    }

    static Manifest dashboardService() {
        return named("Service", "tokenpose-dashboard");
    }

    private static Manifest named(String kind, String name) {
        return Manifest.under(Manifest.BASE).stream()
                .filter(m -> m.kind().equals(kind) && m.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind + "/" + name + " in the base"));
    }

    /**
     * A copy without {@code spec.flinkVersion}: the newest operator API that resolves here predates
     * Flink 2, so its enum ends at {@code v1_20}; the value is checked against the build's Flink
     * version instead ({@link ManifestsMatchTheBuildTest}).
     */
    static ObjectNode withoutFlinkVersion(ObjectNode tree) {
        ObjectNode copy = tree.deepCopy();
        if (copy.path("spec") instanceof ObjectNode spec
                && tree.path("kind").asText().equals("FlinkDeployment")) {
            spec.remove("flinkVersion");
        }
        return copy;
    }
}
