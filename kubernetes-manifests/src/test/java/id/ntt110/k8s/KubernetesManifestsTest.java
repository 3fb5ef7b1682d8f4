package id.ntt110.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPath;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.zjsonpatch.JsonPatch;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * k8s/ validated offline against the Kubernetes API model: the base (rendered here) and each overlay (rendered by
 * {@code kubectl kustomize} where kubectl is installed). What a real cluster would refuse, or what would run unsafe
 * or unreachable, fails here.
 */
class KubernetesManifestsTest {

    static final List<String> SERVICES = List.of("routing-service", "incident-service", "stats-service", "rollout-service");
    /** DESIGN.md section 2: who calls whom. */
    static final Set<String> CALLS = Set.of("routing-service -> stats-service", "stats-service -> incident-service",
            "rollout-service -> routing-service", "rollout-service -> stats-service");
    static final Map<String, String> DATABASES = Map.of("routing-service", "routing", "incident-service", "incident",
            "stats-service", "stats", "rollout-service", "rollout");
    /** Rows "| Secret | `name` | …" or "| ConfigMap | `name` | …" of docs/operations.md: created outside the manifests. */
    private static final Pattern EXTERNAL = Pattern.compile("^\\| (Secret|ConfigMap) \\| `([a-z0-9.-]+)` \\|", Pattern.MULTILINE);

    @Test
    void theBaseIsValidSafeAndConsistent() {
        Suite base = new Suite("base", Manifests.parseAll(Manifests.renderBaseWithoutKubectl(), "k8s/base"));
        checkSuite(base, "default", 3);
    }

    @ParameterizedTest(name = "overlay {0}")
    @ValueSource(strings = {"dev", "prod"})
    void eachOverlayRendersWithKubectlAndIsValidSafeAndConsistent(String overlay) throws Exception {
        String rendered = Manifests.kubectlKustomize(Manifests.K8S.resolve("overlays").resolve(overlay));
        if (rendered == null) {
            String why = "SKIPPED: kubectl is not installed, so overlay " + overlay
                    + " was not rendered (the base and the overlay's patches are still checked by the other tests)";
            System.out.println(why);
            Assumptions.abort(why);
        }
        Suite suite = new Suite(overlay, Manifests.parseAll(Manifests.readDocuments(rendered), "overlay " + overlay));
        String namespace = Manifests.readDocuments(Manifests.read(Manifests.K8S.resolve("overlays/" + overlay + "/kustomization.yaml")))
                .get(0).path("namespace").asText();
        assertThat(suite.objects()).allSatisfy(o -> assertThat(o.getMetadata().getNamespace()).as(o.getKind()).isEqualTo(namespace));
        checkSuite(suite, namespace, overlay.equals("prod") ? 3 : 1);
        if (overlay.equals("prod")) {
            assertThat(suite.deployments()).allSatisfy(d -> assertThat(d.getSpec().getReplicas()).as(d.getMetadata().getName()).isGreaterThanOrEqualTo(2));
            assertThat(suite.deployments()).allSatisfy(d -> assertThat(Suite.container(d).getImage()).doesNotEndWith("SNAPSHOT"));
        }
    }

    @ParameterizedTest(name = "overlay {0}")
    @ValueSource(strings = {"dev", "prod"})
    void everyOverlayPatchIsValidAndHitsSomethingInTheBase(String overlay) {
        Path dir = Manifests.K8S.resolve("overlays").resolve(overlay);
        JsonNode kustomization = Manifests.readDocuments(Manifests.read(dir.resolve("kustomization.yaml"))).get(0);
        List<JsonNode> base = Manifests.renderBaseWithoutKubectl();
        for (JsonNode patch : kustomization.path("patches")) {
            List<JsonNode> docs = Manifests.readDocuments(Manifests.read(dir.resolve(patch.path("path").asText())));
            if (docs.size() == 1 && docs.get(0).isArray()) {
                String kind = patch.path("target").path("kind").asText();
                String name = patch.path("target").path("name").asText();
                JsonNode target = base.stream().filter(d -> d.path("kind").asText().equals(kind)
                        && d.path("metadata").path("name").asText().equals(name)).findFirst()
                        .orElseThrow(() -> new AssertionError(overlay + ": patch target " + kind + "/" + name + " is not in the base"));
                Manifests.parse(JsonPatch.apply((ArrayNode) docs.get(0), target), overlay + " " + patch.path("path").asText());
                continue;
            }
            for (JsonNode doc : docs) {
                Manifests.parse(doc, overlay + " " + patch.path("path").asText());
                assertThat(base).as("%s: %s patches %s/%s", overlay, patch.path("path").asText(), doc.path("kind").asText(),
                        doc.path("metadata").path("name").asText())
                        .anyMatch(d -> d.path("kind").equals(doc.path("kind")) && d.path("metadata").path("name").equals(doc.path("metadata").path("name")));
            }
        }
        Set<String> images = new HashSet<>();
        base.stream().filter(d -> d.path("kind").asText().equals("Deployment"))
                .forEach(d -> images.add(d.at("/spec/template/spec/containers/0/image").asText().replaceAll(":[^:/]+$", "")));
        kustomization.path("images").forEach(image -> assertThat(images).contains(image.path("name").asText()));
        kustomization.path("replicas").forEach(r -> assertThat(SERVICES).contains(r.path("name").asText()));
    }

    @Test
    void theGeneratedManifestsInK8sBaseAreWhatTheBuildGenerates() throws IOException {
        for (String service : SERVICES) {
            Path built = Manifests.ROOT.resolve(service).resolve("target/kubernetes/kubernetes.yml");
            if (!Files.isRegularFile(built)) {
                System.out.println("SKIPPED: " + built + " not built (run ./mvnw package first)");
                Assumptions.abort(built + " not built");
            }
            // Compared as YAML trees: quarkus-kubernetes does not always write labels in the same order.
            String committed = Files.readString(Manifests.K8S.resolve("base").resolve(service).resolve("generated.yml"));
            assertThat(Manifests.readDocuments(committed))
                    .as("k8s/base/%s/generated.yml differs from %s: run k8s/generate.sh", service, built)
                    .isEqualTo(Manifests.readDocuments(Files.readString(built)));
        }
    }

    private static void checkSuite(Suite suite, String namespace, int databaseInstances) {
        assertThat(suite.deployments()).extracting(d -> d.getMetadata().getName()).containsExactlyInAnyOrderElementsOf(SERVICES);
        assertThat(suite.all(Secret.class)).as("no Secret (and so no password) is in git").isEmpty();
        Map<String, String> shared = suite.config("ntt110-services");
        Duration shutdown = Duration.parse("PT" + shared.get("QUARKUS_SHUTDOWN_DELAY").toUpperCase())
                .plus(Duration.parse("PT" + shared.get("QUARKUS_SHUTDOWN_TIMEOUT").toUpperCase()));
        Set<String> external = externalObjects();
        for (Deployment deployment : suite.deployments()) {
            checkDeployment(suite, deployment, shutdown, external);
        }
        for (Service service : suite.services()) {
            List<Deployment> selected = suite.deployments().stream()
                    .filter(d -> Suite.selects(service.getSpec().getSelector(), Suite.podLabels(d))).toList();
            assertThat(selected).as("%s: Service %s selects pods", suite.label(), service.getMetadata().getName()).hasSize(1);
            for (ServicePort port : service.getSpec().getPorts()) {
                assertThat(Suite.port(Suite.container(selected.get(0)), port.getTargetPort()))
                        .as("Service %s targetPort %s", service.getMetadata().getName(), port.getTargetPort()).isPresent();
            }
            assertThat(service.getSpec().getPorts()).extracting(ServicePort::getName).contains("http");
        }
        for (PodDisruptionBudget budget : suite.budgets()) {
            assertThat(suite.deployments()).as("PDB %s selects a Deployment's pods", budget.getMetadata().getName())
                    .filteredOn(d -> Suite.selects(budget.getSpec().getSelector(), Suite.podLabels(d))).hasSize(1);
        }
        assertThat(suite.budgets()).hasSize(SERVICES.size());
        for (HorizontalPodAutoscaler hpa : suite.autoscalers()) {
            Deployment target = suite.deployment(hpa.getSpec().getScaleTargetRef().getName());
            assertThat(hpa.getSpec().getMinReplicas()).isLessThanOrEqualTo(hpa.getSpec().getMaxReplicas());
            assertThat(target.getSpec().getReplicas()).as("replicas of %s = its HPA minimum", target.getMetadata().getName())
                    .isEqualTo(hpa.getSpec().getMinReplicas());
        }
        assertThat(suite.autoscalers()).hasSize(SERVICES.size());
        checkIngress(suite);
        checkDatabase(suite, databaseInstances);
        checkNetworkFlows(suite, namespace);
    }

    private static void checkDeployment(Suite suite, Deployment deployment, Duration shutdown, Set<String> external) {
        String name = deployment.getMetadata().getName();
        PodSpec pod = deployment.getSpec().getTemplate().getSpec();
        assertThat(pod.getContainers()).as(name).hasSize(1);
        Container container = Suite.container(deployment);
        assertThat(Suite.selects(deployment.getSpec().getSelector(), Suite.podLabels(deployment))).as("%s selects its own pods", name).isTrue();
        assertThat(Suite.podLabels(deployment)).containsEntry("app.kubernetes.io/part-of", "ntt110").containsEntry("app.kubernetes.io/name", name);
        probe(container, container.getLivenessProbe(), "/q/health/live", name + " liveness");
        probe(container, container.getReadinessProbe(), "/q/health/ready", name + " readiness");
        probe(container, container.getStartupProbe(), "/q/health/started", name + " startup");
        for (String kind : List.of("requests", "limits")) {
            Map<String, Quantity> values = kind.equals("requests") ? container.getResources().getRequests() : container.getResources().getLimits();
            assertThat(values).as("%s resources.%s", name, kind).containsKeys("cpu", "memory");
        }
        for (String resource : List.of("cpu", "memory")) {
            assertThat(container.getResources().getRequests().get(resource).getNumericalAmount())
                    .as("%s %s request ≤ limit", name, resource)
                    .isLessThanOrEqualTo(container.getResources().getLimits().get(resource).getNumericalAmount());
        }
        var security = container.getSecurityContext();
        assertThat(security).as("%s container securityContext", name).isNotNull();
        assertThat(security.getAllowPrivilegeEscalation()).as("%s allowPrivilegeEscalation", name).isFalse();
        assertThat(security.getReadOnlyRootFilesystem()).as("%s readOnlyRootFilesystem", name).isTrue();
        assertThat(security.getCapabilities().getDrop()).as("%s capabilities.drop", name).contains("ALL");
        assertThat(security.getCapabilities().getAdd()).as("%s capabilities.add", name).isNullOrEmpty();
        assertThat(Boolean.TRUE.equals(security.getRunAsNonRoot()) || Boolean.TRUE.equals(pod.getSecurityContext().getRunAsNonRoot()))
                .as("%s runAsNonRoot", name).isTrue();
        String seccomp = security.getSeccompProfile() != null ? security.getSeccompProfile().getType()
                : pod.getSecurityContext().getSeccompProfile() == null ? null : pod.getSecurityContext().getSeccompProfile().getType();
        assertThat(seccomp).as("%s seccomp", name).isEqualTo("RuntimeDefault");
        assertThat(container.getVolumeMounts()).as("%s has a writable /tmp", name)
                .anyMatch(m -> m.getMountPath().equals("/tmp") && pod.getVolumes().stream()
                        .anyMatch(v -> v.getName().equals(m.getName()) && v.getEmptyDir() != null));
        assertThat(pod.getAutomountServiceAccountToken()).as("%s mounts no API token", name).isFalse();
        assertThat(pod.getTerminationGracePeriodSeconds()).as("%s grace period > shutdown delay + timeout (%s)", name, shutdown)
                .isGreaterThan(shutdown.toSeconds());
        assertThat(suite.hasServiceAccount(pod.getServiceAccountName())).as("%s ServiceAccount %s exists", name, pod.getServiceAccountName()).isTrue();
        for (EnvFromSource from : container.getEnvFrom()) {
            if (from.getConfigMapRef() != null) {
                assertExists(suite, external, "ConfigMap", from.getConfigMapRef().getName(), name);
            }
            if (from.getSecretRef() != null) {
                assertExists(suite, external, "Secret", from.getSecretRef().getName(), name);
            }
        }
        for (EnvVar env : container.getEnv()) {
            if (env.getValueFrom() != null && env.getValueFrom().getSecretKeyRef() != null) {
                assertExists(suite, external, "Secret", env.getValueFrom().getSecretKeyRef().getName(), name);
            }
            if (env.getValueFrom() != null && env.getValueFrom().getConfigMapKeyRef() != null) {
                assertExists(suite, external, "ConfigMap", env.getValueFrom().getConfigMapKeyRef().getName(), name);
            }
        }
        for (Volume volume : pod.getVolumes()) {
            if (volume.getConfigMap() != null) {
                assertExists(suite, external, "ConfigMap", volume.getConfigMap().getName(), name);
            }
            if (volume.getSecret() != null) {
                assertExists(suite, external, "Secret", volume.getSecret().getSecretName(), name);
            }
        }
    }

    private static void probe(Container container, Probe probe, String path, String what) {
        assertThat(probe).as(what).isNotNull();
        HTTPGetAction get = probe.getHttpGet();
        assertThat(get).as(what + " is an HTTP GET").isNotNull();
        assertThat(get.getPath()).as(what).isEqualTo(path);
        assertThat(Suite.port(container, get.getPort())).as(what + " port " + get.getPort()).isPresent();
    }

    private static void assertExists(Suite suite, Set<String> external, String kind, String name, String user) {
        assertThat(suite.has(kind, name) || external.contains(kind + "/" + name))
                .as("%s refers to %s %s, which is neither in the manifests nor in docs/operations.md's list of objects created outside them",
                        user, kind, name).isTrue();
    }

    private static Set<String> externalObjects() {
        String doc = Manifests.read(Manifests.ROOT.resolve("docs/operations.md"));
        Set<String> names = new HashSet<>();
        Matcher row = EXTERNAL.matcher(doc);
        while (row.find()) {
            names.add(row.group(1) + "/" + row.group(2));
        }
        assertThat(names).as("docs/operations.md lists the Secrets and ConfigMaps the operator creates").isNotEmpty();
        return names;
    }

    private static void checkIngress(Suite suite) {
        assertThat(suite.ingresses()).hasSize(1);
        Ingress ingress = suite.ingresses().get(0);
        Set<String> backends = new TreeSet<>();
        for (var rule : ingress.getSpec().getRules()) {
            for (HTTPIngressPath path : rule.getHttp().getPaths()) {
                String service = path.getBackend().getService().getName();
                backends.add(service);
                Service target = suite.services().stream().filter(s -> s.getMetadata().getName().equals(service)).findFirst()
                        .orElseThrow(() -> new AssertionError("Ingress path " + path.getPath() + " → missing Service " + service));
                assertThat(target.getSpec().getPorts()).extracting(ServicePort::getName).contains(path.getBackend().getService().getPort().getName());
                assertThat(path.getPath()).as("internal endpoints stay internal").doesNotStartWith("/q").doesNotStartWith("/decisions");
            }
        }
        assertThat(backends).containsExactlyInAnyOrderElementsOf(SERVICES);
        assertThat(ingress.getSpec().getTls()).isNotEmpty();
    }

    private static void checkDatabase(Suite suite, int instances) {
        List<GenericKubernetesResource> clusters = suite.custom("Cluster");
        assertThat(clusters).hasSize(1);
        GenericKubernetesResource cluster = clusters.get(0);
        Map<String, Object> spec = cluster.get("spec");
        assertThat(spec).containsKeys("instances", "storage", "bootstrap", "imageName");
        assertThat(((Number) spec.get("instances")).intValue()).as("%s database instances", suite.label()).isEqualTo(instances);
        assertThat((String) spec.get("imageName")).as("pinned PostgreSQL image").matches(".+:[0-9][^:]*");
        // database → owner, role → the Secret holding its password
        Map<String, String> owners = new HashMap<>();
        Map<String, String> secrets = new HashMap<>();
        String initDatabase = cluster.get("spec", "bootstrap", "initdb", "database");
        String initOwner = cluster.get("spec", "bootstrap", "initdb", "owner");
        owners.put(initDatabase, initOwner);
        secrets.put(initOwner, cluster.get("spec", "bootstrap", "initdb", "secret", "name"));
        List<Map<String, Object>> roles = cluster.get("spec", "managed", "roles");
        for (Map<String, Object> role : roles) {
            @SuppressWarnings("unchecked")
            Map<String, Object> password = (Map<String, Object>) role.get("passwordSecret");
            secrets.put((String) role.get("name"), (String) password.get("name"));
            assertThat(role).containsEntry("login", true).containsEntry("ensure", "present");
        }
        for (GenericKubernetesResource database : suite.custom("Database")) {
            assertThat((String) database.get("spec", "cluster", "name")).isEqualTo(cluster.getMetadata().getName());
            owners.put(database.get("spec", "name"), database.get("spec", "owner"));
        }
        assertThat(owners).containsOnlyKeys(DATABASES.values());
        for (Deployment deployment : suite.deployments()) {
            String name = deployment.getMetadata().getName();
            String database = DATABASES.get(name);
            String url = suite.env(deployment, "QUARKUS_DATASOURCE_JDBC_URL").orElseThrow(() -> new AssertionError(name + " has no JDBC URL"));
            assertThat(url).as(name).isEqualTo("jdbc:postgresql://" + cluster.getMetadata().getName() + "-rw:5432/" + database);
            String owner = owners.get(database);
            for (String variable : List.of("QUARKUS_DATASOURCE_USERNAME", "QUARKUS_DATASOURCE_PASSWORD")) {
                EnvVar env = Suite.container(deployment).getEnv().stream().filter(e -> e.getName().equals(variable)).findFirst()
                        .orElseThrow(() -> new AssertionError(name + " has no " + variable));
                assertThat(env.getValueFrom().getSecretKeyRef().getName()).as("%s %s: the Secret of role %s", name, variable, owner)
                        .isEqualTo(secrets.get(owner));
            }
        }
    }

    private static void checkNetworkFlows(Suite suite, String namespace) {
        NetworkFlows flows = new NetworkFlows(suite.policies(), namespace);
        List<NetworkFlows.Pod> apps = suite.deployments().stream().map(d -> NetworkFlows.of(d, namespace)).toList();
        NetworkFlows.Pod ingress = new NetworkFlows.Pod("ingress-controller", "ingress-nginx", Map.of("app.kubernetes.io/name", "ingress-nginx"), Map.of());
        NetworkFlows.Pod prometheus = new NetworkFlows.Pod("prometheus", "monitoring", Map.of("app", "prometheus"), Map.of());
        NetworkFlows.Pod dns = new NetworkFlows.Pod("dns", "kube-system", Map.of("k8s-app", "kube-dns"), Map.of("dns", 53));
        NetworkFlows.Pod database = new NetworkFlows.Pod("database", namespace, Map.of("cnpg.io/cluster", "ntt110-db"), Map.of("postgres", 5432));
        NetworkFlows.Pod neighbour = new NetworkFlows.Pod("neighbour", namespace, Map.of("app", "neighbour"), Map.of("http", 8080));
        NetworkFlows.Pod stranger = new NetworkFlows.Pod("stranger", "elsewhere", Map.of("app", "stranger"), Map.of("http", 8080));
        List<NetworkFlows.Pod> others = List.of(ingress, prometheus, dns, database, neighbour, stranger);

        List<NetworkFlows.Probe> probes = new ArrayList<>();
        for (NetworkFlows.Pod app : apps) {
            int http = app.namedPorts().get("http");
            for (NetworkFlows.Pod other : others) {
                probes.add(new NetworkFlows.Probe(other, app, http, "TCP"));
                probes.add(new NetworkFlows.Probe(other, app, 5005, "TCP"));
                for (int port : List.of(53, 5432, 8080, 443)) {
                    probes.add(new NetworkFlows.Probe(app, other, port, "TCP"));
                }
                probes.add(new NetworkFlows.Probe(app, other, 53, "UDP"));
            }
            for (NetworkFlows.Pod callee : apps) {
                if (callee != app) {
                    probes.add(new NetworkFlows.Probe(app, callee, callee.namedPorts().get("http"), "TCP"));
                    probes.add(new NetworkFlows.Probe(app, callee, 5005, "TCP"));
                }
            }
        }
        Set<String> expected = new TreeSet<>();
        for (NetworkFlows.Pod app : apps) {
            int http = app.namedPorts().get("http");
            expected.add("ingress-controller -> " + app.name() + ":" + http);
            expected.add("prometheus -> " + app.name() + ":" + http);
            expected.add(app.name() + " -> dns:53");
            expected.add(app.name() + " -> dns:53/UDP");
            expected.add(app.name() + " -> database:5432");
            for (NetworkFlows.Pod callee : apps) {
                if (CALLS.contains(app.name() + " -> " + callee.name())) {
                    expected.add(app.name() + " -> " + callee.name() + ":" + callee.namedPorts().get("http"));
                }
            }
        }
        assertThat(flows.allowed(probes)).as("%s: connections the NetworkPolicies allow", suite.label()).isEqualTo(expected);
    }
}
