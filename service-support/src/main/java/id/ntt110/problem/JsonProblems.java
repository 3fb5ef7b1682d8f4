package id.ntt110.problem;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidDefinitionException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/** Turns Jackson's errors into problems a client can act on, naming the JSON field and never a Java type. */
final class JsonProblems {

    private JsonProblems() {
    }

    static Response toResponse(JsonProcessingException exception, UriInfo uriInfo) {
        if (exception instanceof InvalidDefinitionException) {
            return InternalErrorMapper.internalError(exception, uriInfo); // our type cannot be (de)serialised: a bug
        }
        Problem problem;
        if (exception instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            String field = field(mapping);
            String message = message(mapping);
            problem = new Problem(ProblemTypes.MALFORMED_BODY, "Invalid request", 400, field + ": " + message, null,
                    List.of(new Problem.FieldError(field, message)));
        } else if (exception instanceof MismatchedInputException mismatch) {
            String message = "must be " + describe(mismatch.getTargetType());
            problem = new Problem(ProblemTypes.MALFORMED_BODY, "Invalid request", 400, "The body " + message + ".", null,
                    List.of(new Problem.FieldError("body", message)));
        } else {
            JsonLocation at = exception.getLocation();
            String where = at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
            // The whole body is at fault: it is the field named, as everywhere a 400 names what to fix.
            problem = new Problem(ProblemTypes.MALFORMED_BODY, "Malformed JSON", 400,
                    "The body is not valid JSON" + where + ".", null, List.of(new Problem.FieldError("body", "is not valid JSON" + where)));
        }
        return problem.withInstance(ProblemExceptionMapper.instance(uriInfo)).toResponse();
    }

    /** {@code location.lat}, {@code [3].unit}. */
    static String field(JsonMappingException exception) {
        StringBuilder field = new StringBuilder();
        for (JsonMappingException.Reference ref : exception.getPath()) {
            if (ref.getFieldName() != null) {
                if (!field.isEmpty()) {
                    field.append('.');
                }
                field.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                field.append('[').append(ref.getIndex()).append(']');
            }
        }
        return field.isEmpty() ? "body" : field.toString();
    }

    private static String message(JsonMappingException exception) {
        if (exception instanceof NulCharacters.NulInText) {
            return NulCharacters.MESSAGE;
        }
        if (exception instanceof InvalidFormatException format) {
            Class<?> target = format.getTargetType();
            if (target != null && target.isEnum()) {
                return "'" + format.getValue() + "' is not one of " + Arrays.toString(target.getEnumConstants());
            }
            return "'" + format.getValue() + "' is not " + describe(target);
        }
        if (exception instanceof UnrecognizedPropertyException) {
            return "unknown field";
        }
        if (exception instanceof MismatchedInputException mismatch) {
            return "must be " + describe(mismatch.getTargetType());
        }
        if (exception instanceof ValueInstantiationException && exception.getCause() != null
                && exception.getCause().getMessage() != null) {
            return exception.getCause().getMessage();
        }
        return "cannot be read";
    }

    /** A JSON-level description of what a Java type accepts. */
    static String describe(Class<?> type) {
        if (type == null) {
            return "a valid value";
        }
        if (type.isEnum()) {
            return "one of " + Arrays.toString(type.getEnumConstants());
        }
        if (type == int.class || type == Integer.class || type == long.class || type == Long.class
                || type == short.class || type == Short.class) {
            return "a whole number";
        }
        if (type == double.class || type == Double.class || type == float.class || type == Float.class
                || type == BigDecimal.class) {
            return "a number";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "true or false";
        }
        if (type == String.class) {
            return "a string";
        }
        if (type == Instant.class || type == OffsetDateTime.class) {
            return "an ISO-8601 instant with an offset, such as 2021-07-10T08:15:00+08:00";
        }
        if (type == LocalDate.class) {
            return "a date YYYY-MM-DD";
        }
        if (type == UUID.class) {
            return "a UUID";
        }
        if (type.isArray() || Iterable.class.isAssignableFrom(type)) {
            return "a JSON array";
        }
        return "a JSON object";
    }
}
