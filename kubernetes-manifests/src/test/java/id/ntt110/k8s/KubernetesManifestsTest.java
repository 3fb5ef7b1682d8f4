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
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPath;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.zjsonpatch.JsonPatch;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
@SuppressWarnings("unchecked")
class KubernetesManifestsTest {

    static final List<String> SERVICES = List.of("routing-service", "incident-service", "stats-service", "rollout-service");
    /** DESIGN.md section 2: who calls whom. */
    static final Set<String> CALLS = Set.of("routing-service -> stats-service", "stats-service -> incident-service",
            "rollout-service -> routing-service", "rollout-service -> stats-service");
    /** The services the SIP edge calls: routing (POST /routes/sip) and stats (POST /cdrs). */
    static final Set<String> EDGE_CALLS = Set.of("routing-service", "stats-service");
    static final Map<String, String> DATABASES = Map.of("routing-service", "routing", "incident-service", "incident",
            "stats-service", "stats", "rollout-service", "rollout");
    /** Keycloak's own database in the same cluster. */
    static final String KEYCLOAK_DATABASE = "keycloak";
    /** The SIP edge: its StatefulSet (k8s/base/sip-edge.yaml), replicas, database (its spool of legs) and alerts. */
    static final String EDGE = "sip-edge";
    static final int EDGE_REPLICAS = 2;
    static final String EDGE_DATABASE = "edge";
    static final Set<String> EDGE_ALERTS = Set.of("NTT110EdgeRoutingToPoldaWithoutAsking", "NTT110DeskDestinationFailing",
            "NTT110EdgeBreakerOpen", "NTT110EdgeLegsWaiting");
    /** The copies k8s/generate.sh makes of the edge's files (k8s/base/sip-edge/), and their sources. */
    static final List<String> EDGE_FILES = List.of("kamailio.cfg", "spool.sql");
    /** The fields of the Keycloak CR's spec this suite may use: those of the Keycloak Operator's CRD (26.x). */
    static final Set<String> KEYCLOAK_SPEC_FIELDS = Set.of("instances", "image", "startOptimized", "imagePullSecrets",
            "additionalOptions", "db", "hostname", "http", "httpManagement", "proxy", "ingress", "networkPolicy",
            "resources", "scheduling", "features", "transaction", "truststores", "cache", "bootstrapAdmin", "unsupported");
    /** Their sub-fields, for the sections used here (same CRD). */
    static final Map<String, Set<String>> KEYCLOAK_SECTION_FIELDS = Map.of(
            "db", Set.of("vendor", "host", "port", "database", "schema", "url", "usernameSecret", "passwordSecret",
                    "poolInitialSize", "poolMinSize", "poolMaxSize"),
            "hostname", Set.of("hostname", "admin", "strict", "backchannelDynamic"),
            "http", Set.of("httpEnabled", "httpPort", "httpsPort", "tlsSecret"),
            "proxy", Set.of("headers"),
            "ingress", Set.of("enabled", "className", "annotations"),
            "networkPolicy", Set.of("enabled"),
            "resources", Set.of("requests", "limits"));
    /** The Keycloak Operator's labels on the server pods of the Keycloak CR {@code keycloak}. */
    static Map<String, String> keycloakPodLabels(String keycloak) {
        return Map.of("app", "keycloak", "app.kubernetes.io/managed-by", "keycloak-operator", "app.kubernetes.io/instance",
                keycloak, "app.kubernetes.io/component", "server");
    }
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
        checkEdgeMonitoring(suite);
        if (overlay.equals("prod")) {
            assertThat(suite.deployments()).allSatisfy(d -> assertThat(d.getSpec().getReplicas()).as(d.getMetadata().getName()).isGreaterThanOrEqualTo(2));
            assertThat(suite.deployments()).allSatisfy(d -> assertThat(Suite.container(d).getImage()).doesNotEndWith("SNAPSHOT"));
            assertThat(suite.statefulSets()).allSatisfy(s -> assertThat(s.getSpec().getReplicas()).as(s.getMetadata().getName()).isGreaterThanOrEqualTo(2));
            assertThat(suite.statefulSets()).allSatisfy(s -> assertThat(Suite.container(s).getImage()).doesNotEndWith("SNAPSHOT"));
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
        base.stream().filter(d -> Set.of("Deployment", "StatefulSet").contains(d.path("kind").asText()))
                .forEach(d -> images.add(d.at("/spec/template/spec/containers/0/image").asText().replaceAll(":[^:/]+$", "")));
        kustomization.path("images").forEach(image -> assertThat(images).contains(image.path("name").asText()));
        List<String> workloads = new ArrayList<>(SERVICES);
        workloads.add(EDGE);
        kustomization.path("replicas").forEach(r -> assertThat(workloads).contains(r.path("name").asText()));
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

    @Test
    void theEdgesFilesInK8sBaseAreCopiesOfTelephony() {
        for (String file : EDGE_FILES) {
            String source = Manifests.read(Manifests.ROOT.resolve("telephony").resolve(file));
            String notice = "COPIED by k8s/generate.sh from telephony/" + file + ". Do not edit: change telephony/" + file
                    + " and run k8s/generate.sh.";
            // The notice after kamailio.cfg's first line (#!KAMAILIO stays first), at the top of spool.sql.
            String expected = file.endsWith(".cfg") ? source.replaceFirst("^(.*\n)", "$1# " + Matcher.quoteReplacement(notice) + "\n")
                    : "-- " + notice + "\n" + source;
            assertThat(Manifests.read(Manifests.K8S.resolve("base/sip-edge").resolve(file)))
                    .as("k8s/base/sip-edge/%s differs from telephony/%s: run k8s/generate.sh --no-build", file, file).isEqualTo(expected);
        }
    }

    @Test
    void theEdgeIsScrapedAndAlertedOnThroughTheMonitoringComponent() {
        Path component = Manifests.K8S.resolve("components/monitoring");
        JsonNode kustomization = Manifests.readDocuments(Manifests.read(component.resolve("kustomization.yaml"))).get(0);
        assertThat(kustomization.path("kind").asText()).isEqualTo("Component");
        List<HasMetadata> objects = new ArrayList<>(Manifests.parseAll(Manifests.renderBaseWithoutKubectl(), "k8s/base"));
        objects.addAll(Manifests.parseAll(Manifests.resources(component, kustomization), "k8s/components/monitoring"));
        checkEdgeMonitoring(new Suite("base + components/monitoring", objects));
        for (String overlay : List.of("dev", "prod")) {
            JsonNode uses = Manifests.readDocuments(Manifests.read(Manifests.K8S.resolve("overlays/" + overlay + "/kustomization.yaml"))).get(0);
            assertThat(uses.path("components").toString()).as("overlay %s includes the monitoring component", overlay)
                    .contains("../../components/monitoring");
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
        checkEdge(suite, shared, external);
        for (Service service : suite.services()) {
            List<Deployment> selected = suite.deployments().stream()
                    .filter(d -> Suite.selects(service.getSpec().getSelector(), Suite.podLabels(d))).toList();
            List<StatefulSet> selectedSets = suite.statefulSets().stream()
                    .filter(s -> edgePodLabels(s).stream().anyMatch(labels -> Suite.selects(service.getSpec().getSelector(), labels))).toList();
            assertThat(selected.size() + selectedSets.size()).as("%s: Service %s selects the pods of one workload", suite.label(),
                    service.getMetadata().getName()).isEqualTo(1);
            Container target = selected.isEmpty() ? Suite.container(selectedSets.get(0)) : Suite.container(selected.get(0));
            for (ServicePort port : service.getSpec().getPorts()) {
                assertThat(Suite.port(target, port.getTargetPort()))
                        .as("Service %s targetPort %s", service.getMetadata().getName(), port.getTargetPort()).isPresent()
                        .hasValueSatisfying(p -> assertThat(Optional.ofNullable(p.getProtocol()).orElse("TCP"))
                                .as("Service %s port %s protocol", service.getMetadata().getName(), port.getName())
                                .isEqualTo(Optional.ofNullable(port.getProtocol()).orElse("TCP")));
            }
            if (!selected.isEmpty()) {
                assertThat(service.getSpec().getPorts()).extracting(ServicePort::getName).contains("http");
            }
        }
        for (PodDisruptionBudget budget : suite.budgets()) {
            long workloads = suite.deployments().stream().filter(d -> Suite.selects(budget.getSpec().getSelector(), Suite.podLabels(d))).count()
                    + suite.statefulSets().stream().filter(s -> edgePodLabels(s).stream()
                            .allMatch(labels -> Suite.selects(budget.getSpec().getSelector(), labels))).count();
            assertThat(workloads).as("PDB %s selects the pods of one Deployment or StatefulSet", budget.getMetadata().getName()).isEqualTo(1);
        }
        assertThat(suite.budgets()).hasSize(SERVICES.size() + 1);
        for (HorizontalPodAutoscaler hpa : suite.autoscalers()) {
            Deployment target = suite.deployment(hpa.getSpec().getScaleTargetRef().getName());
            assertThat(hpa.getSpec().getMinReplicas()).isLessThanOrEqualTo(hpa.getSpec().getMaxReplicas());
            assertThat(target.getSpec().getReplicas()).as("replicas of %s = its HPA minimum", target.getMetadata().getName())
                    .isEqualTo(hpa.getSpec().getMinReplicas());
        }
        assertThat(suite.autoscalers()).hasSize(SERVICES.size());
        checkIngress(suite, external);
        checkDatabase(suite, databaseInstances, external);
        checkKeycloak(suite, shared, external);
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
        checkContainer(name, pod, container);
        assertThat(container.getVolumeMounts()).as("%s has a writable /tmp", name)
                .anyMatch(m -> m.getMountPath().equals("/tmp") && pod.getVolumes().stream()
                        .anyMatch(v -> v.getName().equals(m.getName()) && v.getEmptyDir() != null));
        assertThat(pod.getTerminationGracePeriodSeconds()).as("%s grace period > shutdown delay + timeout (%s)", name, shutdown)
                .isGreaterThan(shutdown.toSeconds());
        checkPodReferences(suite, name, pod, external);
    }

    /** Resources and the security context every container of the suite has (the services', the edge's, init ones). */
    private static void checkContainer(String workload, PodSpec pod, Container container) {
        String name = workload.equals(container.getName()) ? workload : workload + "/" + container.getName();
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
    }

    /** No API token, an existing ServiceAccount, and only ConfigMaps and Secrets that exist, from every container. */
    private static void checkPodReferences(Suite suite, String name, PodSpec pod, Set<String> external) {
        assertThat(pod.getAutomountServiceAccountToken()).as("%s mounts no API token", name).isFalse();
        assertThat(suite.hasServiceAccount(pod.getServiceAccountName())).as("%s ServiceAccount %s exists", name, pod.getServiceAccountName()).isTrue();
        List<Container> containers = new ArrayList<>(pod.getContainers());
        containers.addAll(pod.getInitContainers());
        for (Container container : containers) {
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

    private static Ingress ingress(Suite suite, String name) {
        return suite.ingresses().stream().filter(i -> i.getMetadata().getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError(suite.label() + ": no Ingress " + name));
    }

    private static void checkIngress(Suite suite, Set<String> external) {
        // The public APIs (ntt110) and Keycloak's sign-in (ntt110-sso, checked with Keycloak).
        assertThat(suite.ingresses()).extracting(i -> i.getMetadata().getName()).containsExactlyInAnyOrder("ntt110", "ntt110-sso");
        for (Ingress each : suite.ingresses()) {
            for (var tls : each.getSpec().getTls()) {
                assertExists(suite, external, "Secret", tls.getSecretName(), "Ingress " + each.getMetadata().getName());
            }
        }
        Ingress ingress = ingress(suite, "ntt110");
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

    private static void checkDatabase(Suite suite, int instances, Set<String> external) {
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
            assertExists(suite, external, "Secret", (String) password.get("name"), "database role " + role.get("name"));
        }
        for (GenericKubernetesResource database : suite.custom("Database")) {
            assertThat((String) database.get("spec", "cluster", "name")).isEqualTo(cluster.getMetadata().getName());
            owners.put(database.get("spec", "name"), database.get("spec", "owner"));
        }
        assertExists(suite, external, "Secret", secrets.get(initOwner), "database role " + initOwner);
        Set<String> databases = new TreeSet<>(DATABASES.values());
        databases.add(KEYCLOAK_DATABASE);
        databases.add(EDGE_DATABASE);
        assertThat(owners).containsOnlyKeys(databases);
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
        // The SIP edge: its spool in its own database, as the role owning it, for the init container (psql) and Kamailio.
        StatefulSet edge = suite.statefulSet(EDGE);
        String edgeSecret = secrets.get(owners.get(EDGE_DATABASE));
        Container init = edge.getSpec().getTemplate().getSpec().getInitContainers().get(0);
        assertThat(init.getImage()).as("the edge's init container runs psql from the database cluster's image").isEqualTo(spec.get("imageName"));
        assertThat(env(init, "PGHOST")).isEqualTo(cluster.getMetadata().getName() + "-rw");
        assertThat(env(init, "PGDATABASE")).isEqualTo(EDGE_DATABASE);
        assertThat(secretKey(init, "PGUSER")).isEqualTo(edgeSecret + "/username");
        assertThat(secretKey(init, "PGPASSWORD")).isEqualTo(edgeSecret + "/password");
        Container kamailio = Suite.container(edge);
        Matcher sqlcon = Pattern.compile("spool=>postgres://\\$\\((\\w+)\\):\\$\\((\\w+)\\)@([^:/]+):5432/(\\w+)").matcher(env(kamailio, "NTT110_SPOOL_SQLCON"));
        assertThat(sqlcon.matches()).as("NTT110_SPOOL_SQLCON is sqlops' form, its user and password from the Secret: %s",
                env(kamailio, "NTT110_SPOOL_SQLCON")).isTrue();
        assertThat(secretKey(kamailio, sqlcon.group(1))).as("spool user").isEqualTo(edgeSecret + "/username");
        assertThat(secretKey(kamailio, sqlcon.group(2))).as("spool password").isEqualTo(edgeSecret + "/password");
        assertThat(sqlcon.group(3)).isEqualTo(cluster.getMetadata().getName() + "-rw");
        assertThat(sqlcon.group(4)).isEqualTo(EDGE_DATABASE);
        assertThat(kamailio.getEnv()).extracting(EnvVar::getName).as("$(…) only names variables defined before it")
                .containsSubsequence(sqlcon.group(1), sqlcon.group(2), "NTT110_SPOOL_SQLCON");
        // Keycloak: its own database on the same cluster, through the same read-write Service, as the role owning it.
        for (GenericKubernetesResource keycloak : suite.custom("Keycloak")) {
            String what = "Keycloak " + keycloak.getMetadata().getName() + " db";
            String owner = owners.get(KEYCLOAK_DATABASE);
            assertThat((String) keycloak.get("spec", "db", "vendor")).as(what).isEqualTo("postgres");
            assertThat((String) keycloak.get("spec", "db", "host")).as(what).isEqualTo(cluster.getMetadata().getName() + "-rw");
            assertThat(((Number) keycloak.get("spec", "db", "port")).intValue()).as(what).isEqualTo(5432);
            assertThat((String) keycloak.get("spec", "db", "database")).as(what).isEqualTo(KEYCLOAK_DATABASE);
            for (String credential : List.of("username", "password")) {
                assertThat((String) keycloak.get("spec", "db", credential + "Secret", "name")).as("%s %s: the Secret of role %s", what, credential, owner)
                        .isEqualTo(secrets.get(owner));
                assertThat((String) keycloak.get("spec", "db", credential + "Secret", "key")).as(what).isEqualTo(credential);
            }
        }
    }

    private static void checkKeycloak(Suite suite, Map<String, String> shared, Set<String> external) {
        assertThat(suite.custom("Keycloak")).as("%s: one Keycloak", suite.label()).hasSize(1);
        GenericKubernetesResource keycloak = suite.custom("Keycloak").get(0);
        String name = keycloak.getMetadata().getName();
        Map<String, Object> spec = keycloak.get("spec");
        assertThat(spec.keySet()).as("Keycloak %s: spec fields the operator's CRD has", name).isSubsetOf(KEYCLOAK_SPEC_FIELDS);
        KEYCLOAK_SECTION_FIELDS.forEach((section, fields) -> {
            if (spec.get(section) instanceof Map<?, ?> map) {
                assertThat(map.keySet().stream().map(String::valueOf).toList()).as("Keycloak %s: fields of spec.%s", name, section)
                        .isSubsetOf(fields);
            }
        });
        assertThat(((Number) spec.get("instances")).intValue()).as("Keycloak instances").isGreaterThanOrEqualTo(2);
        assertThat((String) spec.get("image")).as("pinned Keycloak image").matches("quay\\.io/keycloak/keycloak:[0-9][^:]*");
        assertThat(spec).as("a stock image is built at start").containsEntry("startOptimized", false);
        List<Map<String, Object>> options = keycloak.get("spec", "additionalOptions");
        assertThat(options).as("Keycloak health checks").anySatisfy(o -> assertThat(o).containsEntry("name", "health-enabled").containsEntry("value", "true"));
        for (String resource : List.of("cpu", "memory")) {
            Quantity request = Quantity.parse(String.valueOf((Object) keycloak.get("spec", "resources", "requests", resource)));
            Quantity limit = Quantity.parse(String.valueOf((Object) keycloak.get("spec", "resources", "limits", resource)));
            assertThat(request.getNumericalAmount()).as("Keycloak %s request ≤ limit", resource).isLessThanOrEqualTo(limit.getNumericalAmount());
        }
        // The operator's own Ingress (everything, /admin too) and NetworkPolicy (HTTP open to every pod) are off: the
        // Ingress ntt110-sso and the NetworkPolicy keycloak (checkNetworkFlows) replace them.
        assertThat((Boolean) keycloak.get("spec", "ingress", "enabled")).as("operator's Ingress").isFalse();
        assertThat((Boolean) keycloak.get("spec", "networkPolicy", "enabled")).as("operator's NetworkPolicy").isFalse();
        String tlsSecret = keycloak.get("spec", "http", "tlsSecret");
        assertThat(tlsSecret).as("Keycloak TLS").isNotBlank();
        assertThat((Boolean) keycloak.get("spec", "http", "httpEnabled")).as("in-cluster HTTP for the token requests").isTrue();
        String usernameSecret = keycloak.get("spec", "db", "usernameSecret", "name");
        String passwordSecret = keycloak.get("spec", "db", "passwordSecret", "name");
        for (String secret : List.of(tlsSecret, usernameSecret, passwordSecret)) {
            assertExists(suite, external, "Secret", secret, "Keycloak " + name);
        }

        // The realm, the issuer the services expect and the token endpoint they use.
        assertThat(suite.custom("KeycloakRealmImport")).as("%s: one realm import", suite.label()).hasSize(1);
        GenericKubernetesResource realmImport = suite.custom("KeycloakRealmImport").get(0);
        assertThat((String) realmImport.get("spec", "keycloakCRName")).isEqualTo(name);
        String realm = realmImport.get("spec", "realm", "realm");
        Map<String, Map<String, Map<String, String>>> placeholders = realmImport.get("spec", "placeholders");
        placeholders.forEach((variable, source) -> assertExists(suite, external, "Secret", source.get("secret").get("name"),
                "KeycloakRealmImport placeholder " + variable));
        URI hostname = URI.create(keycloak.get("spec", "hostname", "hostname"));
        assertThat(hostname.getScheme()).as("Keycloak hostname %s", hostname).isEqualTo("https");
        assertThat(shared.get("NTT110_OIDC_ISSUER")).as("the issuer the services check = Keycloak's hostname and realm")
                .isEqualTo(hostname + "/realms/" + realm);
        assertThat(shared.get("QUARKUS_OIDC_CLIENT_AUTH_SERVER_URL")).as("the services' token requests go to Keycloak's Service, in-cluster")
                .isEqualTo("http://" + name + "-service:" + Optional.ofNullable((Object) keycloak.get("spec", "http", "httpPort")).orElse(8080)
                        + "/realms/" + realm);

        // Sign-in through the ingress controller: Keycloak's host and certificate, the realm and its theme resources only.
        Ingress sso = ingress(suite, "ntt110-sso");
        assertThat(sso.getSpec().getRules()).extracting(r -> r.getHost()).containsExactly(hostname.getHost());
        assertThat(sso.getSpec().getTls()).singleElement().satisfies(tls -> {
            assertThat(tls.getSecretName()).isEqualTo(tlsSecret);
            assertThat(tls.getHosts()).containsExactly(hostname.getHost());
        });
        assertThat(sso.getMetadata().getAnnotations()).as("Keycloak serves HTTPS to the ingress controller")
                .containsEntry("nginx.ingress.kubernetes.io/backend-protocol", "HTTPS");
        for (HTTPIngressPath path : sso.getSpec().getRules().get(0).getHttp().getPaths()) {
            assertThat(path.getPath()).as("only the realm %s and theme resources are public (no /admin, no master realm)", realm)
                    .isIn("/realms/" + realm, "/resources");
            assertThat(path.getBackend().getService().getName()).as("the operator's Service of %s", name).isEqualTo(name + "-service");
            assertThat(path.getBackend().getService().getPort().getName()).isEqualTo("https");
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
        // Keycloak: two server pods and the realm-import Job's pod, with the operator's labels and Keycloak's ports.
        String keycloakName = suite.custom("Keycloak").get(0).getMetadata().getName();
        Map<String, Integer> keycloakPorts = Map.of("http", 8080, "https", 8443, "management", 9000);
        NetworkFlows.Pod keycloak = new NetworkFlows.Pod("keycloak", namespace, keycloakPodLabels(keycloakName), keycloakPorts);
        NetworkFlows.Pod keycloakPeer = new NetworkFlows.Pod("keycloak-peer", namespace, keycloakPodLabels(keycloakName), keycloakPorts);
        NetworkFlows.Pod realmImport = new NetworkFlows.Pod("realm-import", namespace, Map.of("app", "keycloak-realm-import",
                "app.kubernetes.io/managed-by", "keycloak-operator", "app.kubernetes.io/instance", keycloakName), Map.of());
        List<Integer> keycloakPortsProbed = List.of(8080, 8443, 9000, 7800, 57800);
        List<NetworkFlows.Pod> sources = new ArrayList<>(others);
        sources.addAll(apps);
        sources.add(keycloakPeer);
        sources.add(realmImport);
        for (NetworkFlows.Pod source : sources) {
            for (int port : keycloakPortsProbed) {
                probes.add(new NetworkFlows.Probe(source, keycloak, port, "TCP"));
            }
        }
        for (NetworkFlows.Pod source : List.of(keycloak, realmImport)) {
            List<NetworkFlows.Pod> destinations = new ArrayList<>(others);
            destinations.addAll(apps);
            destinations.add(source == keycloak ? keycloakPeer : keycloak);
            for (NetworkFlows.Pod destination : destinations) {
                for (int port : List.of(53, 5432, 8080, 8443, 443, 7800, 57800)) {
                    probes.add(new NetworkFlows.Probe(source, destination, port, "TCP"));
                }
                probes.add(new NetworkFlows.Probe(source, destination, 53, "UDP"));
                if (apps.contains(destination)) {
                    probes.add(new NetworkFlows.Probe(source, destination, destination.namedPorts().get("http"), "TCP"));
                }
            }
        }
        for (NetworkFlows.Pod other : others) {
            probes.add(new NetworkFlows.Probe(other, realmImport, 8080, "TCP"));
        }

        Set<String> expected = new TreeSet<>();
        expected.add("ingress-controller -> keycloak:8443");
        expected.add("keycloak-peer -> keycloak:7800");
        expected.add("keycloak-peer -> keycloak:57800");
        expected.add("keycloak -> keycloak-peer:7800");
        expected.add("keycloak -> keycloak-peer:57800");
        for (NetworkFlows.Pod pod : List.of(keycloak, realmImport)) {
            expected.add(pod.name() + " -> dns:53");
            expected.add(pod.name() + " -> dns:53/UDP");
            expected.add(pod.name() + " -> database:5432");
        }
        for (NetworkFlows.Pod app : apps) {
            expected.add(app.name() + " -> keycloak:8080");
        }
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
        // The SIP edge's pods, and hosts outside the cluster: a trunk, a desk phone, anyone else.
        Map<String, String> edgeConfig = suite.config(EDGE);
        NetworkFlows.Pod trunk = NetworkFlows.Pod.outside("trunk", hostIn(edgeConfig.get("NTT110_TRUNKS").split(",")[0]));
        NetworkPolicy desks = suite.policies().stream().filter(p -> p.getMetadata().getName().equals("sip-edge-desks")).findFirst()
                .orElseThrow(() -> new AssertionError(suite.label() + ": no NetworkPolicy sip-edge-desks"));
        NetworkFlows.Pod desk = NetworkFlows.Pod.outside("desk", hostIn(desks.getSpec().getEgress().get(0).getTo().get(0).getIpBlock().getCidr()));
        NetworkFlows.Pod outsider = NetworkFlows.Pod.outside("outsider", "198.18.0.1");
        StatefulSet edgeSet = suite.statefulSet(EDGE);
        List<NetworkFlows.Pod> edges = new ArrayList<>();
        for (int ordinal = 0; ordinal < edgeSet.getSpec().getReplicas(); ordinal++) {
            edges.add(NetworkFlows.of(edgeSet, ordinal, namespace));
        }
        List<NetworkFlows.Pod> peers = new ArrayList<>(List.of(trunk, desk, outsider, keycloak));
        peers.addAll(others);
        peers.addAll(apps);
        for (NetworkFlows.Pod edge : edges) {
            List<NetworkFlows.Pod> around = new ArrayList<>(peers);
            edges.stream().filter(e -> e != edge).forEach(around::add);
            for (NetworkFlows.Pod peer : around) {
                for (int port : List.of(5060, 9090, 8080)) {
                    probes.add(new NetworkFlows.Probe(peer, edge, port, "TCP"));
                }
                probes.add(new NetworkFlows.Probe(peer, edge, 5060, "UDP"));
                for (int port : List.of(5060, 53, 5432, 8080, 443, 9090)) {
                    probes.add(new NetworkFlows.Probe(edge, peer, port, "TCP"));
                }
                probes.add(new NetworkFlows.Probe(edge, peer, 5060, "UDP"));
                probes.add(new NetworkFlows.Probe(edge, peer, 53, "UDP"));
                if (apps.contains(peer)) {
                    probes.add(new NetworkFlows.Probe(edge, peer, peer.namedPorts().get("http"), "TCP"));
                }
            }
            for (NetworkFlows.Pod sip : List.of(trunk, desk)) {
                expected.add(sip.name() + " -> " + edge.name() + ":5060");
                expected.add(sip.name() + " -> " + edge.name() + ":5060/UDP");
                expected.add(edge.name() + " -> " + sip.name() + ":5060");
                expected.add(edge.name() + " -> " + sip.name() + ":5060/UDP");
            }
            expected.add("prometheus -> " + edge.name() + ":" + edge.namedPorts().get("metrics"));
            expected.add(edge.name() + " -> dns:53");
            expected.add(edge.name() + " -> dns:53/UDP");
            expected.add(edge.name() + " -> database:5432");
            expected.add(edge.name() + " -> keycloak:8080");
            for (NetworkFlows.Pod app : apps) {
                if (EDGE_CALLS.contains(app.name())) {
                    expected.add(edge.name() + " -> " + app.name() + ":" + app.namedPorts().get("http"));
                }
            }
        }
        assertThat(flows.allowed(probes)).as("%s: connections the NetworkPolicies allow", suite.label()).isEqualTo(expected);
    }

    /**
     * The SIP edge, checked like the services and for what SIP needs: two replicas on different nodes, each at its own
     * public address (a LoadBalancer Service per pod, UDP and TCP 5060, the trunk's source address kept), advertising
     * that address, probes on /health at the metrics port, every variable kamailio.cfg and the entrypoint read provided,
     * secrets only from Secrets, Kamailio's memory within the limit.
     */
    private static void checkEdge(Suite suite, Map<String, String> shared, Set<String> external) {
        assertThat(suite.statefulSets()).extracting(s -> s.getMetadata().getName()).containsExactly(EDGE);
        StatefulSet edge = suite.statefulSet(EDGE);
        PodSpec pod = edge.getSpec().getTemplate().getSpec();
        Container container = Suite.container(edge);
        assertThat(edge.getSpec().getReplicas()).as("%s: edge replicas", suite.label()).isEqualTo(EDGE_REPLICAS);
        assertThat(pod.getContainers()).as(EDGE).hasSize(1);
        assertThat(Suite.selects(edge.getSpec().getSelector(), Suite.podLabels(edge, 0))).as("%s selects its own pods", EDGE).isTrue();
        assertThat(Suite.podLabels(edge, 0)).containsEntry("app.kubernetes.io/part-of", "ntt110").containsEntry("app.kubernetes.io/name", EDGE);
        assertThat(suite.services()).as("the StatefulSet's governing Service").anyMatch(s -> s.getMetadata().getName().equals(edge.getSpec().getServiceName()));
        assertThat(pod.getAffinity().getPodAntiAffinity().getRequiredDuringSchedulingIgnoredDuringExecution())
                .as("one edge per node").anySatisfy(term -> {
                    assertThat(term.getTopologyKey()).isEqualTo("kubernetes.io/hostname");
                    assertThat(Suite.selects(term.getLabelSelector(), Suite.podLabels(edge, 1))).isTrue();
                });
        for (Container each : pod.getInitContainers()) {
            checkContainer(EDGE, pod, each);
        }
        checkContainer(EDGE, pod, container);
        checkPodReferences(suite, EDGE, pod, external);
        assertThat(pod.getTerminationGracePeriodSeconds()).as("edge grace period").isGreaterThanOrEqualTo(30);

        // Ports, probes, the listeners of the entrypoint.
        assertThat(container.getPorts()).extracting(p -> p.getName() + " " + p.getContainerPort() + "/" + p.getProtocol())
                .contains("sip-udp 5060/UDP", "sip-tcp 5060/TCP");
        Map<String, String> config = new HashMap<>();
        container.getEnvFrom().forEach(from -> config.putAll(suite.config(from.getConfigMapRef().getName())));
        int metricsPort = Integer.parseInt(config.get("NTT110_METRICS_PORT"));
        assertThat(container.getPorts()).as("the metrics port is NTT110_METRICS_PORT")
                .anyMatch(p -> "metrics".equals(p.getName()) && p.getContainerPort() == metricsPort && "TCP".equals(p.getProtocol()));
        for (Probe probe : List.of(container.getLivenessProbe(), container.getReadinessProbe(), container.getStartupProbe())) {
            probe(container, probe, "/health", EDGE + " probe");
            assertThat(probe.getHttpGet().getPort().getStrVal()).as("edge probes on the metrics port").isEqualTo("metrics");
        }
        String entrypoint = Manifests.read(Manifests.ROOT.resolve("telephony/entrypoint.sh"));
        for (String flag : List.of("-w", "-P")) {
            Matcher dir = Pattern.compile(" " + flag + " (/\\S+)").matcher(entrypoint);
            assertThat(dir.find()).as("the entrypoint passes %s", flag).isTrue();
            assertThat(container.getVolumeMounts()).as("Kamailio's %s %s is on an emptyDir (read-only root)", flag, dir.group(1))
                    .anyMatch(m -> (dir.group(1) + "/").startsWith(m.getMountPath() + "/") && pod.getVolumes().stream()
                            .anyMatch(v -> v.getName().equals(m.getName()) && v.getEmptyDir() != null));
        }

        // kamailio.cfg and spool.sql from the generated ConfigMap, where the init container reads spool.sql.
        Volume files = pod.getVolumes().stream().filter(v -> v.getConfigMap() != null).findFirst()
                .orElseThrow(() -> new AssertionError(EDGE + " mounts no ConfigMap"));
        assertThat(suite.config(files.getConfigMap().getName())).as("%s: ConfigMap %s", suite.label(), files.getConfigMap().getName())
                .containsOnlyKeys(EDGE_FILES);
        for (Container each : List.of(container, pod.getInitContainers().get(0))) {
            assertThat(each.getVolumeMounts()).as("%s mounts %s", each.getName(), files.getName())
                    .anyMatch(m -> m.getName().equals(files.getName()) && m.getMountPath().equals("/etc/ntt110/sip-edge"));
        }
        assertThat(pod.getInitContainers().get(0).getCommand()).contains("/etc/ntt110/sip-edge/spool.sql", "ON_ERROR_STOP=1");
        assertThat(entrypoint).contains("/etc/ntt110/sip-edge/kamailio.cfg");

        // Every variable kamailio.cfg (its header, $env(…), #!defenvs) and the entrypoint read, from the pod.
        String cfg = Manifests.read(Manifests.K8S.resolve("base/sip-edge/kamailio.cfg"));
        Set<String> needed = new TreeSet<>(matches("(?m)^#\\s+(NTT110_[A-Z0-9_]+)\\s", cfg));
        needed.addAll(matches("env\\((NTT110_[A-Z0-9_]+)\\)", cfg));
        needed.addAll(matches("(?m)^#!defenvs\\s+\\w+=(\\w+)", cfg));
        needed.addAll(matches("\\$\\{?((?:NTT110|POD)_[A-Z0-9_]+)", entrypoint));
        needed.removeAll(matches("\\$\\{(NTT110_[A-Z0-9_]+):-[^}]", entrypoint));
        assertThat(needed).as("variables the edge reads").contains("NTT110_ROUTING_URL", "NTT110_SPOOL_SQLCON", "NTT110_ADVERTISE", "POD_IP");
        Set<String> provided = new TreeSet<>(config.keySet());
        container.getEnv().forEach(e -> provided.add(e.getName()));
        assertThat(provided).as("%s: what kamailio.cfg and the entrypoint read is set", suite.label()).containsAll(needed);
        assertThat(container.getEnv()).filteredOn(e -> e.getName().startsWith("POD_"))
                .allSatisfy(e -> assertThat(e.getValueFrom().getFieldRef()).as(e.getName()).isNotNull());

        // Secrets only from Secrets: the telephony client's own (the one the realm import gives Keycloak).
        assertThat(config.keySet()).as("no secret in the edge's ConfigMap").noneMatch(k -> k.matches(".*(SECRET|PASSWORD|SQLCON|TOKEN$).*"));
        String realmSecret = ((Map<String, Map<String, Map<String, String>>>) suite.custom("KeycloakRealmImport").get(0)
                .get("spec", "placeholders")).get("SECRET_TELEPHONY").get("secret").get("name");
        assertThat(secretKey(container, "NTT110_TELEPHONY_SECRET")).isEqualTo(realmSecret + "/secret");

        // The services it calls, through their Services, and Keycloak's in-cluster token endpoint.
        for (String variable : List.of("NTT110_ROUTING_URL", "NTT110_STATS_URL")) {
            URI url = URI.create(config.get(variable));
            Service service = suite.services().stream().filter(svc -> svc.getMetadata().getName().equals(url.getHost())).findFirst()
                    .orElseThrow(() -> new AssertionError(variable + " " + url + ": no such Service"));
            assertThat(service.getSpec().getPorts()).as("%s %s: a port of the Service", variable, url)
                    .anyMatch(port -> port.getPort() == (url.getPort() == -1 ? 80 : url.getPort()));
            assertThat(suite.deployments()).as(variable).anyMatch(d -> Suite.selects(service.getSpec().getSelector(), Suite.podLabels(d)));
        }
        assertThat(config.get("NTT110_TOKEN_URL")).as("the edge's token from Keycloak's Service, like the services'")
                .isEqualTo(shared.get("QUARKUS_OIDC_CLIENT_AUTH_SERVER_URL") + "/protocol/openid-connect/token");
        assertThat(URI.create(config.get("NTT110_DESK_URL")).getPath()).isEqualTo("/desk");

        // Kamailio's memory: shared (-m) + private (-M) of every process + 64 MB of libraries within the limit.
        List<String> args = container.getArgs();
        int shm = Integer.parseInt(args.get(args.indexOf("-m") + 1));
        int pkg = Integer.parseInt(args.get(args.indexOf("-M") + 1));
        int processes = Integer.parseInt(matches("(?m)^children=(\\d+)", cfg).get(0)) + Integer.parseInt(matches("(?m)^tcp_children=(\\d+)", cfg).get(0))
                + Integer.parseInt(matches("(?m)^async_workers=(\\d+)", cfg).get(0))
                + matches("(?m)^modparam\\(\"rtimer\", \"timer\", \"(name=\\w+)", cfg).size() + 4;
        long limitMiB = container.getResources().getLimits().get("memory").getNumericalAmount().longValue() / (1024 * 1024);
        assertThat(shm + (long) pkg * processes + 64).as("%s: -m %d + %d processes × -M %d + 64 MB ≤ the memory limit", suite.label(), shm,
                processes, pkg).isLessThanOrEqualTo(limitMiB);

        // Each replica at its own public address: its Service's and the one it advertises.
        Map<String, String> advertised = new HashMap<>();
        for (String pair : config.get("NTT110_ADVERTISE").split(";")) {
            advertised.put(pair.split("=", 2)[0], pair.split("=", 2)[1]);
        }
        Set<String> replicas = new TreeSet<>();
        for (int ordinal = 0; ordinal < edge.getSpec().getReplicas(); ordinal++) {
            replicas.add(EDGE + "-" + ordinal);
        }
        assertThat(advertised.keySet()).as("%s: NTT110_ADVERTISE names each replica", suite.label()).isEqualTo(replicas);
        assertThat(new HashSet<>(advertised.values())).as("each replica its own address").hasSize(replicas.size());
        for (String replica : replicas) {
            Service service = suite.services().stream().filter(svc -> svc.getMetadata().getName().equals(replica)).findFirst()
                    .orElseThrow(() -> new AssertionError(suite.label() + ": no Service " + replica));
            assertThat(service.getSpec().getType()).as(replica).isEqualTo("LoadBalancer");
            assertThat(service.getSpec().getExternalTrafficPolicy()).as("%s keeps the trunk's source address", replica).isEqualTo("Local");
            assertThat(service.getSpec().getSelector()).as(replica).containsEntry("statefulset.kubernetes.io/pod-name", replica);
            assertThat(service.getSpec().getPorts()).extracting(p -> p.getPort() + "/" + p.getProtocol())
                    .as(replica).containsExactlyInAnyOrder("5060/UDP", "5060/TCP");
            assertThat(service.getSpec().getLoadBalancerIP()).as("%s: the address %s advertises", suite.label(), replica).isEqualTo(advertised.get(replica));
        }

        // The trunks it takes 110 from are the ranges its NetworkPolicy lets in and out.
        NetworkPolicy trunks = suite.policies().stream().filter(p -> p.getMetadata().getName().equals("sip-edge-trunks")).findFirst()
                .orElseThrow(() -> new AssertionError(suite.label() + ": no NetworkPolicy sip-edge-trunks"));
        Set<String> ranges = Set.of(config.get("NTT110_TRUNKS").split(","));
        assertThat(trunks.getSpec().getIngress()).flatExtracting(r -> r.getFrom()).extracting(peer -> peer.getIpBlock().getCidr())
                .as("%s: NTT110_TRUNKS = the ranges let in", suite.label()).containsExactlyInAnyOrderElementsOf(ranges);
        assertThat(trunks.getSpec().getEgress()).flatExtracting(r -> r.getTo()).extracting(peer -> peer.getIpBlock().getCidr())
                .as("%s: NTT110_TRUNKS = the ranges let out", suite.label()).containsExactlyInAnyOrderElementsOf(ranges);
    }

    /** The edge's pods as the StatefulSet controller labels them. */
    private static List<Map<String, String>> edgePodLabels(StatefulSet statefulSet) {
        List<Map<String, String>> pods = new ArrayList<>();
        for (int ordinal = 0; ordinal < statefulSet.getSpec().getReplicas(); ordinal++) {
            pods.add(Suite.podLabels(statefulSet, ordinal));
        }
        return pods;
    }

    /** The Prometheus Operator's objects for the edge: its pods scraped on /metrics, the alerts on metrics it exports. */
    private static void checkEdgeMonitoring(Suite suite) {
        StatefulSet edge = suite.statefulSet(EDGE);
        assertThat(suite.custom("PodMonitor")).as("%s: one PodMonitor", suite.label()).singleElement().satisfies(monitor -> {
            assertThat(Suite.selects(Map.copyOf((Map<String, String>) monitor.get("spec", "selector", "matchLabels")), Suite.podLabels(edge, 0)))
                    .as("PodMonitor selects the edge's pods").isTrue();
            List<Map<String, Object>> endpoints = monitor.get("spec", "podMetricsEndpoints");
            assertThat(endpoints).singleElement().satisfies(endpoint -> {
                assertThat(endpoint).containsEntry("path", "/metrics");
                assertThat(Suite.container(edge).getPorts()).anyMatch(p -> p.getName().equals(endpoint.get("port")));
            });
        });
        String cfg = Manifests.read(Manifests.K8S.resolve("base/sip-edge/kamailio.cfg"));
        String prefix = matches("\"xhttp_prom_beginning\", \"(\\w+)\"", cfg).get(0);
        Set<String> exported = new TreeSet<>();
        matches("\"prom_(?:counter|gauge)\", \"name=(\\w+);", cfg).forEach(name -> exported.add(prefix + name));
        assertThat(exported).as("metrics kamailio.cfg declares").contains(prefix + "calls_total", prefix + "breaker_open");
        assertThat(suite.custom("PrometheusRule")).as("%s: one PrometheusRule", suite.label()).hasSize(1);
        List<Map<String, Object>> groups = suite.custom("PrometheusRule").get(0).get("spec", "groups");
        Set<String> alerts = new TreeSet<>();
        for (Map<String, Object> group : groups) {
            for (Map<String, Object> rule : (List<Map<String, Object>>) group.get("rules")) {
                String alert = (String) rule.get("alert");
                alerts.add(alert);
                assertThat(rule).as(alert).containsKeys("expr", "for", "labels", "annotations");
                assertThat((Map<String, Object>) rule.get("labels")).as(alert).containsKey("severity");
                assertThat((Map<String, Object>) rule.get("annotations")).as(alert).containsKeys("summary", "description");
                assertThat(matches("\\b(" + prefix + "\\w+)", (String) rule.get("expr"))).as("%s: metrics the edge exports", alert)
                        .isNotEmpty().allSatisfy(metric -> assertThat(exported).contains(metric));
            }
        }
        assertThat(alerts).containsAll(EDGE_ALERTS);
    }

    /** The first host address of an IPv4 CIDR block (a.b.c.0/24 → a.b.c.1). */
    private static String hostIn(String cidr) {
        String[] octets = cidr.split("/")[0].split("\\.");
        octets[3] = String.valueOf(Integer.parseInt(octets[3]) + 1);
        return String.join(".", octets);
    }

    private static List<String> matches(String regex, String text) {
        List<String> found = new ArrayList<>();
        Matcher matcher = Pattern.compile(regex).matcher(text);
        while (matcher.find()) {
            found.add(matcher.group(1));
        }
        return found;
    }

    /** A variable's literal value in a container. */
    private static String env(Container container, String name) {
        return container.getEnv().stream().filter(e -> e.getName().equals(name) && e.getValue() != null).map(EnvVar::getValue).findFirst()
                .orElseThrow(() -> new AssertionError(container.getName() + " has no value for " + name));
    }

    /** "secret/key" of a variable a container takes from a Secret. */
    private static String secretKey(Container container, String name) {
        return container.getEnv().stream().filter(e -> e.getName().equals(name) && e.getValueFrom() != null && e.getValueFrom().getSecretKeyRef() != null)
                .map(e -> e.getValueFrom().getSecretKeyRef().getName() + "/" + e.getValueFrom().getSecretKeyRef().getKey()).findFirst()
                .orElseThrow(() -> new AssertionError(container.getName() + " takes no " + name + " from a Secret"));
    }
}
