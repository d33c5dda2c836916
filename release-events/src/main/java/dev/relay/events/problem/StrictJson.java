package dev.relay.events.problem;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.type.LogicalType;
import java.math.BigInteger;
import java.util.Collection;
import java.util.Set;

/**
 * REST bodies are read as strictly as the event decoder reads events: a JSON value of the wrong type is
 * refused, never coerced ({@code "model": 5} is not the model {@code "5"}, {@code "dryRun": "yes"} is not
 * {@code true}), and the problem names the field at fault ({@link #problem}). Every service applies
 * {@link #strict} to the framework's mapper (its {@code rest/StrictJsonCustomizer}), which reads only REST
 * bodies; events have the contract's own codec.
 */
public final class StrictJson {

    private static final Set<Class<?>> WHOLE_NUMBERS = Set.of(Integer.class, int.class, Long.class, long.class,
            Short.class, short.class, Byte.class, byte.class, BigInteger.class);
    private static final int FIELD_MAX = 100;

    private StrictJson() {
    }

    /**
     * No scalar coercion, no truncated numbers, no trailing content. (A {@code null} or absent primitive stays its
     * default, as an absent optional field does: {@code FAIL_ON_NULL_FOR_PRIMITIVES} would also refuse an absent one.)
     */
    public static ObjectMapper strict(ObjectMapper mapper) {
        for (CoercionInputShape shape : new CoercionInputShape[] {CoercionInputShape.Integer, CoercionInputShape.Float,
            CoercionInputShape.Boolean}) {
            mapper.coercionConfigFor(LogicalType.Textual).setCoercion(shape, CoercionAction.Fail);
        }
        mapper.coercionConfigFor(LogicalType.Boolean).setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail);
        mapper.coercionConfigFor(LogicalType.Integer).setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail);
        mapper.coercionConfigFor(LogicalType.Float).setCoercion(CoercionInputShape.String, CoercionAction.Fail);
        mapper.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        return mapper;
    }

    /** The 400 for a body that is not JSON, or JSON of the wrong shape: names the field, or {@code body}. */
    public static Problem problem(JsonProcessingException e) {
        if (e instanceof JsonMappingException m) {
            return Problem.invalid(field(m), expected(m));
        }
        return Problem.invalid("body", "is not valid JSON" + (e.getLocation() == null ? ""
                : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")"));
    }

    /** The path of the value Jackson could not read: {@code image}, {@code requirements.promote}, {@code verify[0]}. */
    static String field(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference r : e.getPath()) {
            if (r.getFieldName() != null) {
                path.append(path.length() == 0 ? "" : ".").append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                path.append('[').append(r.getIndex()).append(']');
            }
        }
        if (path.length() == 0) {
            return "body";
        }
        // Map keys come from the caller: enough to recognise, never a page of it.
        return path.length() <= FIELD_MAX ? path.toString() : path.substring(0, FIELD_MAX) + "…";
    }

    static String expected(JsonMappingException e) {
        Class<?> type = e instanceof MismatchedInputException m ? m.getTargetType() : null;
        if (type == null) {
            return "has the wrong type";
        }
        if (CharSequence.class.isAssignableFrom(type)) {
            return "must be a string";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "must be true or false";
        }
        if (WHOLE_NUMBERS.contains(type)) {
            return "must be a whole number";
        }
        if (Number.class.isAssignableFrom(type) || type.isPrimitive()) {
            return "must be a number";
        }
        if (Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "must be an array";
        }
        return "must be a JSON object";
    }
}
