package id.ntt110.testsupport;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.report.ValidationReport;
import com.atlassian.oai.validator.restassured.RestAssuredRequest;
import com.atlassian.oai.validator.restassured.RestAssuredResponse;
import io.restassured.filter.Filter;
import io.restassured.filter.FilterContext;
import io.restassured.filter.OrderedFilter;
import io.restassured.response.Response;
import io.restassured.specification.FilterableRequestSpecification;
import io.restassured.specification.FilterableResponseSpecification;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Checks every rest-assured exchange against the OpenAPI document the service under test serves: the response always
 * (status, headers, content type, body schema — an undocumented one fails the test that met it), the request too when
 * the service accepted it. A test whose request is invalid on purpose and still accepted (an endpoint that takes any
 * JSON and reports what it ignored) adds {@link #requestNotChecked()}. Registered for every {@code @QuarkusTest} by
 * {@link OpenApiValidationCallback}.
 *
 * <p>Not checked: the framework's own paths under {@code /q/} and servers that serve no document (a WireMock
 * stand-in). A path or method the document does not have fails the test, unless the service answered it 404 or 405.
 */
public final class OpenApiValidation implements OrderedFilter {

    public static final OpenApiValidation INSTANCE = new OpenApiValidation();

    private static final Filter REQUEST_NOT_CHECKED = new Filter() {
        @Override
        public Response filter(FilterableRequestSpecification request, FilterableResponseSpecification response, FilterContext context) {
            return context.next(request, response);
        }

        @Override
        public String toString() {
            return "OpenApiValidation.requestNotChecked()";
        }
    };

    /** Per service address, its validator, or none when that server serves no OpenAPI document. */
    private static final Map<String, Optional<OpenApiInteractionValidator>> VALIDATORS = new ConcurrentHashMap<>();
    private static final Set<String> UNKNOWN_PATH_OR_METHOD =
            Set.of("validation.request.path.missing", "validation.request.operation.notAllowed");
    private static volatile int servicePort = -1;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private OpenApiValidation() {
    }

    /** Marks a request that is invalid on purpose but accepted: only its response is checked. */
    public static Filter requestNotChecked() {
        return REQUEST_NOT_CHECKED;
    }

    /**
     * Drops the documents read so far when the service under test now listens on another port: a port may be handed
     * to another application later in the same JVM.
     */
    static void forgetUnless(int port) {
        if (port != servicePort) {
            VALIDATORS.clear();
            servicePort = port;
        }
    }

    @Override
    public int getOrder() {
        return OrderedFilter.LOWEST_PRECEDENCE; // last, so the request it sees is the one sent, headers and all
    }

    @Override
    public Response filter(FilterableRequestSpecification request, FilterableResponseSpecification responseSpec, FilterContext context) {
        Response response = context.next(request, responseSpec);
        URI uri = URI.create(request.getURI());
        String path = uri.getRawPath();
        if (path.startsWith("/q/")) {
            return response;
        }
        Optional<OpenApiInteractionValidator> validator = validatorFor(uri);
        if (validator.isEmpty()) {
            return response;
        }
        Request checkedRequest = RestAssuredRequest.of(request);
        boolean checkRequest = response.statusCode() < 400 && request.getDefinedFilters().stream()
                .noneMatch(f -> f == REQUEST_NOT_CHECKED || REQUEST_NOT_CHECKED.toString().equals(f.toString()));
        ValidationReport report = checkRequest
                ? validator.get().validate(checkedRequest, RestAssuredResponse.of(response))
                : validator.get().validateResponse(checkedRequest.getPath(), checkedRequest.getMethod(), RestAssuredResponse.of(response));
        // A path or method the document does not have is fine only where the service refused it as such (404, 405).
        boolean refusedAsUnknown = response.statusCode() == 404 || response.statusCode() == 405;
        List<ValidationReport.Message> errors = report.getMessages().stream()
                .filter(m -> m.getLevel() == ValidationReport.Level.ERROR)
                .filter(m -> !(refusedAsUnknown && UNKNOWN_PATH_OR_METHOD.contains(m.getKey())))
                .toList();
        if (!errors.isEmpty()) {
            throw new AssertionError("The exchange " + request.getMethod() + " " + path + " → " + response.statusCode()
                    + " does not match the service's OpenAPI document (/q/openapi):\n"
                    + errors.stream().map(m -> "  - " + m.getKey() + ": " + m.getMessage()
                            + (m.getAdditionalInfo().isEmpty() ? "" : " " + m.getAdditionalInfo()))
                            .collect(Collectors.joining("\n"))
                    + "\nResponse body: " + abbreviate(response.asString()));
        }
        return response;
    }

    private static Optional<OpenApiInteractionValidator> validatorFor(URI uri) {
        String base = uri.getScheme() + "://" + uri.getAuthority();
        return VALIDATORS.computeIfAbsent(base, OpenApiValidation::load);
    }

    private static Optional<OpenApiInteractionValidator> load(String base) {
        HttpResponse<String> document;
        try {
            document = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/q/openapi?format=json"))
                    .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException("Could not read the OpenAPI document of " + base, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted reading the OpenAPI document of " + base, e);
        }
        if (document.statusCode() == 404) {
            return Optional.empty(); // not one of our services
        }
        if (document.statusCode() != 200) {
            throw new IllegalStateException(base + "/q/openapi answered " + document.statusCode() + ": " + abbreviate(document.body()));
        }
        return Optional.of(OpenApiInteractionValidator.createForInlineApiSpecification(document.body()).build());
    }

    private static String abbreviate(String text) {
        return text == null || text.length() <= 2000 ? String.valueOf(text) : text.substring(0, 2000) + "…";
    }
}
