package id.ntt110.problem;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.ext.Provider;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * A NUL character (U+0000) in any text a client sends — a JSON string, a query parameter, the path — is a 400 naming
 * where it was. PostgreSQL refuses NUL in text, so it would otherwise surface as a 500 from the database, after the
 * request had already been taken for valid.
 */
public final class NulCharacters {

    public static final String MESSAGE = "must not contain a NUL character (U+0000)";

    private NulCharacters() {
    }

    public static boolean contains(String text) {
        return text != null && text.indexOf('\u0000') >= 0;
    }

    /** Thrown while reading a JSON string; JsonProblems names the field from its path. */
    static final class NulInText extends JsonMappingException {
        NulInText(JsonParser parser) {
            super(parser, MESSAGE);
        }
    }

    /** Every JSON string read into a request record goes through here. */
    @Singleton
    public static class JsonStrings implements ObjectMapperCustomizer {

        @Override
        public void customize(ObjectMapper mapper) {
            mapper.registerModule(new SimpleModule("ntt110-no-nul").addDeserializer(String.class, new Deserializer()));
        }

        static final class Deserializer extends StdScalarDeserializer<String> {
            Deserializer() {
                super(String.class);
            }

            @Override
            public String deserialize(JsonParser parser, DeserializationContext context) throws IOException {
                String value = StringDeserializer.instance.deserialize(parser, context);
                if (contains(value)) {
                    throw new NulInText(parser);
                }
                return value;
            }
        }
    }

    /** Query parameters and the path, before any resource method sees them. */
    @Provider
    public static class Parameters implements ContainerRequestFilter {

        @Override
        public void filter(ContainerRequestContext request) {
            String field = null;
            if (contains(request.getUriInfo().getPath())) {
                field = "path";
            } else {
                for (Map.Entry<String, List<String>> parameter : request.getUriInfo().getQueryParameters().entrySet()) {
                    if (contains(parameter.getKey()) || parameter.getValue().stream().anyMatch(NulCharacters::contains)) {
                        field = parameter.getKey().replace("\u0000", "\\u0000");
                        break;
                    }
                }
            }
            if (field != null) {
                request.abortWith(Problem.validation(field + ": " + MESSAGE, List.of(new Problem.FieldError(field, MESSAGE)))
                        .withInstance(ProblemExceptionMapper.instance(request.getUriInfo())).toResponse());
            }
        }
    }
}
