package dev.cairn.eventstore.mongo;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.fasterxml.jackson.module.paramnames.ParameterNamesModule;
import org.axonframework.serialization.json.JacksonSerializer;

/**
 * The serializer Cairn uses for events, snapshots and tokens unless told otherwise: Axon's {@link JacksonSerializer}
 * set up for Java records and {@code java.time}.
 * <ul>
 *     <li>records and classes with constructor parameters deserialize without annotations (parameter names);</li>
 *     <li>{@code Instant}, {@code LocalDate} and friends are written as ISO-8601 strings, {@code Optional} as its
 *     value;</li>
 *     <li>unknown properties are ignored, so an event that lost a field still reads (use an upcaster to migrate);</li>
 *     <li>private fields are read and written directly, so aggregates without getters can be snapshotted.</li>
 * </ul>
 */
public final class CairnSerializers {

    private CairnSerializers() {
    }

    /**
     * @return a new serializer with Cairn's defaults
     */
    public static JacksonSerializer defaultSerializer() {
        return JacksonSerializer.builder().objectMapper(objectMapper()).build();
    }

    /**
     * @return a new object mapper with Cairn's defaults, for serializers users build themselves
     */
    public static ObjectMapper objectMapper() {
        return JsonMapper.builder()
                         .addModule(new JavaTimeModule())
                         .addModule(new Jdk8Module())
                         .addModule(new ParameterNamesModule())
                         .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                         .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
                         .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                         .visibility(com.fasterxml.jackson.annotation.PropertyAccessor.FIELD,
                                     com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility.ANY)
                         .build();
    }
}
