package id.ntt110.openapi;

import id.ntt110.problem.Problem;
import id.ntt110.problem.ProblemTypes;
import io.quarkus.arc.Arc;
import io.quarkus.smallrye.openapi.OpenApiFilter;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.spi.Bean;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Path;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.Components;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.headers.Header;
import org.eclipse.microprofile.openapi.models.media.Content;
import org.eclipse.microprofile.openapi.models.media.MediaType;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.parameters.Parameter;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;

/**
 * What the four services' OpenAPI documents share, so that each resource only annotates what is its own: the
 * problem+json schema and the standard error responses, the roles of each operation, and the servers.
 *
 * <p>Every operation gets the errors the shared layers produce for it: 401 and 403 (each secured operation), 400 (one
 * with a body, a query or a header parameter), 415 (one with a body), 404 (one with a path parameter) and 503 (the
 * database is down; an operation that never touches it is annotated {@value #NO_DATABASE}). A status a resource
 * documents itself (a 409, a 412) keeps its description and gets the problem body. Roles come from each resource
 * method's {@code @RolesAllowed} and go into the operation's description, since a bearer scheme has no scopes in
 * OpenAPI 3.0.
 */
@OpenApiFilter(stages = OpenApiFilter.RunStage.RUNTIME_STARTUP)
public class ApiDocumentFilter implements OASFilter {

    /** Extension on an operation that never reads or writes the database, so it never answers 503. */
    public static final String NO_DATABASE = "x-ntt110-no-database";

    /** Extension on an operation that reads its body whatever the Content-Type, so it never answers 415. */
    public static final String ANY_CONTENT_TYPE = "x-ntt110-any-content-type";

    static final String PROBLEM = "Problem";
    static final String FIELD_ERROR = "FieldError";
    private static final String SCHEMES = "bearer";
    /** Descriptions Quarkus and SmallRye give the responses they add on their own. */
    private static final Set<String> STOCK_DESCRIPTIONS = Set.of("Not Authorized", "Not Allowed", "Bad Request", "Not Found");

    /** Status → the shared response's name, description and the example of its body. */
    private record Standard(String name, String description, Problem example) {
    }

    private static final Map<String, Standard> STANDARD = new LinkedHashMap<>();

    static {
        standard("400", "BadRequest", "The request is not valid; errors lists each offending field.",
                new Problem(ProblemTypes.VALIDATION, "Invalid request", 400, "from: must be a date YYYY-MM-DD",
                        null, List.of(new Problem.FieldError("from", "must be a date YYYY-MM-DD"))));
        standard("401", "Unauthorized", "No bearer token, or one that is not valid; WWW-Authenticate says which.",
                new Problem(ProblemTypes.UNAUTHENTICATED, "Unauthorized", 401,
                        "This endpoint needs a bearer token of the realm ntt110 (Authorization: Bearer <token>).", null, List.of()));
        standard("403", "Forbidden", "The token's roles or desk do not allow this request; the detail says what was missing.",
                new Problem(ProblemTypes.FORBIDDEN, "Forbidden", 403,
                        "This needs one of the roles ADMIN, SUPERVISOR; your token has OPERATOR.", null,
                        List.of(new Problem.FieldError("roles", "one of [ADMIN, SUPERVISOR] needed"))));
        standard("404", "NotFound", "There is no such resource.",
                new Problem(ProblemTypes.NOT_FOUND, "Not Found", 404, "There is no such resource at this path.",
                        null, List.of()));
        standard("409", "Conflict", "The request contradicts the current state; the detail says which rule.",
                new Problem(ProblemTypes.CONFLICT, "Conflict", 409, "The request contradicts the current state; the detail "
                        + "says which rule, and the type may name a more specific problem.", null, List.of()));
        standard("412", "PreconditionFailed", "If-Match named a version that is no longer current; read it again.",
                new Problem(ProblemTypes.STALE_VERSION, "Precondition Failed", 412,
                        "If-Match \"3\" is not the current version \"4\"; GET the resource again and retry.", null, List.of()));
        standard("415", "UnsupportedMediaType", "The body is not application/json.",
                new Problem(null, "Unsupported Media Type", 415,
                        "This endpoint does not accept that Content-Type; send application/json.", null, List.of()));
        standard("503", "ServiceUnavailable", "The service's database cannot be reached right now; retry after Retry-After seconds.",
                new Problem(ProblemTypes.UNAVAILABLE, "Service Unavailable", 503,
                        "The database cannot be reached right now; retry in a few seconds.", null, List.of()));
    }

    private static void standard(String status, String name, String description, Problem example) {
        STANDARD.put(status, new Standard(name, description, example));
    }

    @Override
    public void filterOpenAPI(OpenAPI api) {
        Components components = api.getComponents() == null ? OASFactory.createComponents() : api.getComponents();
        api.setComponents(components);
        components.addSchema(FIELD_ERROR, fieldErrorSchema());
        components.addSchema(PROBLEM, problemSchema());
        components.addHeader("WWW-Authenticate", header("The bearer challenge (RFC 6750), e.g. Bearer realm=\"ntt110\", error=\"invalid_token\".",
                OASFactory.createSchema().addType(Schema.SchemaType.STRING)));
        components.addHeader("Retry-After", header("Seconds to wait before retrying.",
                OASFactory.createSchema().addType(Schema.SchemaType.INTEGER).minimum(BigDecimal.ONE)));
        Set<String> inlinedFrom = inlineNullableReferences(components);
        if (components.getSchemas() != null) {
            components.getSchemas().values().forEach(schema -> {
                if (schema.getProperties() != null) {
                    schema.getProperties().values().forEach(ApiDocumentFilter::allowNullInEnum);
                }
            });
        }

        String server = ConfigProvider.getConfig().getOptionalValue("ntt110.api.server-url", String.class).orElse(null);
        if (server != null && !server.isBlank()) {
            api.setServers(new ArrayList<>(List.of(OASFactory.createServer().url(server)
                    .description("This service (NTT110_API_SERVER_URL sets the address clients reach it at)."))));
        }

        if (api.getPaths() != null && api.getPaths().getPathItems() != null) {
            Map<String, Set<String>> roles = rolesByOperation();
            api.getPaths().getPathItems().forEach((path, item) -> {
                for (Map.Entry<PathItem.HttpMethod, Operation> entry : item.getOperations().entrySet()) {
                    decorate(path, item, entry.getValue(), roles.getOrDefault(entry.getKey().name() + " " + path, Set.of()));
                }
            });
        }
        removeUnreferenced(api, inlinedFrom);
        // Only the shared responses some operation refers to, so the document has no unused component.
        STANDARD.forEach((status, standard) -> {
            if (refersTo(api, "#/components/responses/" + standard.name())) {
                components.addResponse(standard.name(), standardResponse(status, standard));
            }
        });
    }

    private static void decorate(String path, PathItem item, Operation operation, Set<String> roles) {
        APIResponses responses = operation.getResponses() == null ? OASFactory.createAPIResponses() : operation.getResponses();
        operation.setResponses(responses);
        boolean database = !takeExtension(operation, NO_DATABASE);
        boolean checksContentType = !takeExtension(operation, ANY_CONTENT_TYPE);
        List<Parameter> parameters = new ArrayList<>();
        if (item.getParameters() != null) {
            parameters.addAll(item.getParameters());
        }
        if (operation.getParameters() != null) {
            parameters.addAll(operation.getParameters());
        }
        boolean hasBody = operation.getRequestBody() != null;
        boolean hasInput = hasBody || parameters.stream().anyMatch(p -> p.getIn() == Parameter.In.QUERY || p.getIn() == Parameter.In.HEADER);

        if (operation.getSecurity() != null && !operation.getSecurity().isEmpty()) {
            operation.setSecurity(new ArrayList<>(List.of(OASFactory.createSecurityRequirement().addScheme(SCHEMES))));
            if (!roles.isEmpty()) {
                String line = "Roles: " + String.join(", ", roles) + ".";
                String description = operation.getDescription();
                operation.setDescription(description == null || description.isBlank() ? line : description.strip() + "\n\n" + line);
            }
            addStandard(responses, "401");
            addStandard(responses, "403");
        }
        if (hasInput) {
            addStandard(responses, "400");
        }
        if (path.contains("{")) {
            addStandard(responses, "404");
        }
        if (hasBody && checksContentType) {
            addStandard(responses, "415");
        }
        if (database) {
            addStandard(responses, "503");
        }
        // A status documented elsewhere without a body (a resource's own 409, Quarkus's "Not Authorized") gets the
        // problem body; one with only a stock description becomes the shared response.
        for (Map.Entry<String, APIResponse> entry : new ArrayList<>(responses.getAPIResponses().entrySet())) {
            String status = entry.getKey();
            APIResponse response = entry.getValue();
            if (response.getRef() != null || !status.matches("[45]\\d\\d")
                    || (response.getContent() != null && response.getContent().getMediaTypes() != null
                            && !response.getContent().getMediaTypes().isEmpty())) {
                continue;
            }
            Standard standard = STANDARD.get(status);
            if (standard != null && (response.getDescription() == null || STOCK_DESCRIPTIONS.contains(response.getDescription()))) {
                responses.addAPIResponse(status, OASFactory.createAPIResponse().ref(standard.name()));
                continue;
            }
            response.setContent(problemContent(standard == null ? null : standard.example()));
            addHeaders(status, response);
            if (response.getDescription() == null || response.getDescription().isBlank()) {
                response.setDescription(standard == null ? "A problem." : standard.description());
            }
        }
    }

    /**
     * Each operation's roles, by HTTP method and path template ({@code PUT /units/{code}/status}): from
     * {@code @RolesAllowed} on the resource method or its class. Quarkus writes roles into the security requirement only for OAuth2 and OpenID Connect
     * schemes; for a bearer scheme OpenAPI 3.0 allows no scopes, so they go into the description instead.
     */
    private static Map<String, Set<String>> rolesByOperation() {
        Map<String, Set<String>> roles = new HashMap<>();
        for (Bean<?> bean : Arc.container().beanManager().getBeans(Object.class, Any.Literal.INSTANCE)) {
            Class<?> type = bean.getBeanClass();
            if (!type.isAnnotationPresent(Path.class)) {
                continue;
            }
            RolesAllowed onClass = type.getAnnotation(RolesAllowed.class);
            for (Method method : type.getDeclaredMethods()) {
                RolesAllowed allowed = method.isAnnotationPresent(RolesAllowed.class) ? method.getAnnotation(RolesAllowed.class) : onClass;
                String httpMethod = httpMethod(method);
                if (allowed != null && httpMethod != null) {
                    Path onMethod = method.getAnnotation(Path.class);
                    String template = template(type.getAnnotation(Path.class).value() + "/" + (onMethod == null ? "" : onMethod.value()));
                    roles.computeIfAbsent(httpMethod + " " + template, key -> new TreeSet<>()).addAll(List.of(allowed.value()));
                }
            }
        }
        return roles;
    }

    /** GET, POST, … from the method's JAX-RS annotation; null for a method that serves no request. */
    private static String httpMethod(Method method) {
        for (Annotation annotation : method.getAnnotations()) {
            HttpMethod http = annotation.annotationType().getAnnotation(HttpMethod.class);
            if (http != null) {
                return http.value();
            }
        }
        return null;
    }

    /** A JAX-RS path as OpenAPI writes it: one leading slash, none trailing, {id: regex} as {id}. */
    static String template(String path) {
        String template = ("/" + path).replaceAll("\\{\\s*(\\w+)\\s*:[^}]*}", "{$1}").replaceAll("/+", "/");
        return template.length() > 1 && template.endsWith("/") ? template.substring(0, template.length() - 1) : template;
    }

    /**
     * A nullable property whose type is another schema comes out of SmallRye as {@code nullable + allOf[$ref]}, which
     * no OpenAPI 3.0 validator lets be null (the referenced schema's type still applies). Such properties get the
     * referenced schema inline, so {@code nullable} stands next to its type as OpenAPI 3.0.3 wants.
     */
    private static Set<String> inlineNullableReferences(Components components) {
        Set<String> inlinedFrom = new TreeSet<>();
        Map<String, Schema> schemas = components.getSchemas();
        if (schemas == null) {
            return inlinedFrom;
        }
        for (Schema schema : schemas.values()) {
            if (schema.getProperties() == null) {
                continue;
            }
            for (Schema property : schema.getProperties().values()) {
                String ref = nullableReference(property);
                Schema target = ref == null ? null : schemas.get(ref.substring(ref.lastIndexOf('/') + 1));
                if (target == null) {
                    continue;
                }
                Map<String, Object> inlined = new LinkedHashMap<>(target.getAll());
                Map<String, Object> own = new LinkedHashMap<>(property.getAll());
                own.remove("allOf");
                own.remove("anyOf");
                inlined.putAll(own);
                List<Schema.SchemaType> types = new ArrayList<>(target.getType() == null ? List.of() : target.getType());
                types.add(Schema.SchemaType.NULL);
                inlined.put("type", types);
                property.setAll(inlined);
                allowNullInEnum(property);
                inlinedFrom.add(ref.substring(ref.lastIndexOf('/') + 1));
            }
        }
        return inlinedFrom;
    }

    /** Drops the schemas that were only there to be referred to by properties now inlined. */
    private static void removeUnreferenced(OpenAPI api, Set<String> candidates) {
        Set<String> refs = new java.util.HashSet<>();
        api.getComponents().getSchemas().forEach((name, schema) -> collectRefs(schema, refs));
        if (api.getPaths() != null && api.getPaths().getPathItems() != null) {
            for (PathItem item : api.getPaths().getPathItems().values()) {
                for (Operation operation : item.getOperations().values()) {
                    List<Object> parts = new ArrayList<>();
                    if (operation.getParameters() != null) {
                        operation.getParameters().forEach(p -> parts.add(p.getSchema()));
                    }
                    if (item.getParameters() != null) {
                        item.getParameters().forEach(p -> parts.add(p.getSchema()));
                    }
                    if (operation.getRequestBody() != null) {
                        parts.add(operation.getRequestBody().getContent());
                    }
                    if (operation.getParameters() != null) {
                        operation.getParameters().forEach(p -> parts.add(p.getContent()));
                    }
                    if (operation.getResponses() != null) {
                        operation.getResponses().getAPIResponses().values().forEach(r -> {
                            parts.add(r.getContent());
                            if (r.getHeaders() != null) {
                                r.getHeaders().values().forEach(h -> parts.add(h.getSchema()));
                            }
                        });
                    }
                    parts.forEach(part -> collectRefs(part, refs));
                }
            }
        }
        Components components = api.getComponents();
        if (components.getHeaders() != null) {
            components.getHeaders().values().forEach(h -> collectRefs(h.getSchema(), refs));
        }
        if (components.getResponses() != null) {
            components.getResponses().values().forEach(r -> collectRefs(r.getContent(), refs));
        }
        if (components.getRequestBodies() != null) {
            components.getRequestBodies().values().forEach(b -> collectRefs(b.getContent(), refs));
        }
        for (String name : candidates) {
            if (!refs.contains("#/components/schemas/" + name)) {
                api.getComponents().removeSchema(name);
            }
        }
    }

    private static void collectRefs(Object node, Set<String> refs) {
        if (node instanceof Schema schema) {
            if (schema.getRef() != null) {
                refs.add(schema.getRef());
            }
            schema.getAll().values().forEach(value -> collectRefs(value, refs));
        } else if (node instanceof Content content && content.getMediaTypes() != null) {
            content.getMediaTypes().values().forEach(media -> collectRefs(media.getSchema(), refs));
        } else if (node instanceof Map<?, ?> map) {
            map.values().forEach(value -> collectRefs(value, refs));
        } else if (node instanceof List<?> list) {
            list.forEach(value -> collectRefs(value, refs));
        }
    }

    /** The schema a nullable property refers to: SmallRye's model holds it as anyOf[$ref, {type: null}]. */
    private static String nullableReference(Schema property) {
        for (List<Schema> choices : Arrays.asList(property.getAnyOf(), property.getAllOf())) {
            if (choices == null || (choices == property.getAllOf() && !isNullable(property))) {
                continue;
            }
            List<Schema> refs = choices.stream().filter(c -> c.getRef() != null).toList();
            boolean onlyNull = choices.stream().allMatch(c -> c.getRef() != null
                    || (c.getType() != null && c.getType().equals(List.of(Schema.SchemaType.NULL))));
            if (refs.size() == 1 && onlyNull) {
                return refs.get(0).getRef();
            }
        }
        return null;
    }

    /** OpenAPI 3.0.3: nullable does not override enum, so a nullable enum lists null among its values. */
    private static void allowNullInEnum(Schema schema) {
        if (isNullable(schema) && schema.getEnumeration() != null && !schema.getEnumeration().contains(null)) {
            List<Object> values = new ArrayList<>(schema.getEnumeration());
            values.add(null);
            schema.setEnumeration(values);
        }
    }

    private static boolean isNullable(Schema schema) {
        return Boolean.TRUE.equals(schema.get("nullable"))
                || (schema.getType() != null && schema.getType().contains(Schema.SchemaType.NULL));
    }

    private static boolean refersTo(OpenAPI api, String ref) {
        return api.getPaths() != null && api.getPaths().getPathItems() != null && api.getPaths().getPathItems().values().stream()
                .flatMap(item -> item.getOperations().values().stream())
                .filter(operation -> operation.getResponses() != null)
                .flatMap(operation -> operation.getResponses().getAPIResponses().values().stream())
                .anyMatch(response -> ref.equals(response.getRef()));
    }

    private static boolean takeExtension(Operation operation, String name) {
        boolean present = operation.getExtensions() != null && operation.getExtensions().containsKey(name);
        if (present) {
            operation.removeExtension(name);
        }
        return present;
    }

    private static void addStandard(APIResponses responses, String status) {
        if (!responses.hasAPIResponse(status)) {
            responses.addAPIResponse(status, OASFactory.createAPIResponse().ref(STANDARD.get(status).name()));
        }
    }

    private static APIResponse standardResponse(String status, Standard standard) {
        APIResponse response = OASFactory.createAPIResponse().description(standard.description())
                .content(problemContent(standard.example()));
        addHeaders(status, response);
        return response;
    }

    private static void addHeaders(String status, APIResponse response) {
        if (status.equals("401")) {
            response.addHeader("WWW-Authenticate", OASFactory.createHeader().ref("WWW-Authenticate"));
        }
        if (status.equals("503")) {
            response.addHeader("Retry-After", OASFactory.createHeader().ref("Retry-After"));
        }
    }

    private static Header header(String description, Schema schema) {
        return OASFactory.createHeader().description(description).schema(schema);
    }

    private static Content problemContent(Problem example) {
        MediaType media = OASFactory.createMediaType().schema(OASFactory.createSchema().ref(PROBLEM));
        if (example != null) {
            media.setExample(exampleOf(example));
        }
        return OASFactory.createContent().addMediaType(Problem.MEDIA_TYPE, media);
    }

    private static Map<String, Object> exampleOf(Problem problem) {
        Map<String, Object> example = new LinkedHashMap<>();
        example.put("type", problem.type().toString());
        example.put("title", problem.title());
        example.put("status", problem.status());
        example.put("detail", problem.detail());
        if (!problem.errors().isEmpty()) {
            List<Map<String, Object>> errors = new ArrayList<>();
            for (Problem.FieldError error : problem.errors()) {
                errors.add(Map.of("field", error.field(), "message", error.message()));
            }
            example.put("errors", errors);
        }
        return example;
    }

    private static Schema fieldErrorSchema() {
        return OASFactory.createSchema().addType(Schema.SchemaType.OBJECT)
                .description("One offending input: a JSON path such as location.lat, a query parameter or a header.")
                .addRequired("field").addRequired("message")
                .addProperty("field", string("The offending field, query parameter or header.").example("location.lat"))
                .addProperty("message", string("What is wrong with it.").example("must be between -90 and 90"))
                .additionalPropertiesBoolean(false);
    }

    private static Schema problemSchema() {
        return OASFactory.createSchema().addType(Schema.SchemaType.OBJECT)
                .description("An RFC 9457 problem document, the body of every 4xx and 5xx answer of ntt110.")
                .addRequired("type").addRequired("title").addRequired("status")
                .addProperty("type", string("A URI naming the kind of problem (" + ProblemTypes.PREFIX + "…), about:blank when the status says it all.")
                        .format("uri").example(ProblemTypes.VALIDATION.toString()))
                .addProperty("title", string("A short summary of the kind of problem.").example("Invalid request"))
                .addProperty("status", OASFactory.createSchema().addType(Schema.SchemaType.INTEGER).format("int32")
                        .minimum(BigDecimal.valueOf(400)).maximum(BigDecimal.valueOf(599))
                        .description("The HTTP status.").example(400))
                .addProperty("detail", string("What went wrong with this request, and how to put it right."))
                .addProperty("instance", string("The path of the request.").format("uri-reference").example("/incidents/42"))
                .addProperty("errors", OASFactory.createSchema().addType(Schema.SchemaType.ARRAY)
                        .description("For validation problems, each offending field.")
                        .items(OASFactory.createSchema().ref(FIELD_ERROR)))
                .additionalPropertiesBoolean(false);
    }

    private static Schema string(String description) {
        return OASFactory.createSchema().addType(Schema.SchemaType.STRING).description(description);
    }
}
