package dev.cairn.eventstore.mongo.internal;

import dev.cairn.eventstore.mongo.AllowedTypes;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.SerializedType;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Decides which stored type names may become classes: the configured {@link AllowedTypes}, plus every type this
 * engine serialized itself (a process can always read back what it wrote). Refused names are warned about once per
 * name, with the {@code _id} of the first document that named them.
 */
public final class TypeGuard {

    private static final Logger logger = LoggerFactory.getLogger(TypeGuard.class);
    private static final String EMPTY_TYPE = SimpleSerializedType.emptyType().getName();

    /** How to admit a refused type, as the entry point and the engine builder say it. */
    public static final String DEFAULT_HINT = "Allow its package on the entry point or the engine builder "
            + "(allowedTypes) if it is yours.";

    private final AllowedTypes allowed;
    private final String hint;
    private final Set<String> written = ConcurrentHashMap.newKeySet();
    private final Set<String> warned = ConcurrentHashMap.newKeySet();
    private final Map<String, String> firstRefused = new ConcurrentHashMap<>();
    private final Map<String, Boolean> decisions = new ConcurrentHashMap<>();

    public TypeGuard(AllowedTypes allowed) {
        this(allowed, DEFAULT_HINT);
    }

    /**
     * @param hint how to admit a refused type, in the terms of the application's configuration (for example the
     *             property that adds packages); ends the refusal warning
     */
    public TypeGuard(AllowedTypes allowed, String hint) {
        this.allowed = allowed;
        this.hint = hint;
    }

    /**
     * @return whether {@code typeName} may be resolved to a class
     */
    public boolean allows(String typeName) {
        // the name list is short and stable, so decisions are cached on the streaming path
        return written.contains(typeName)
                || decisions.computeIfAbsent(typeName, name -> EMPTY_TYPE.equals(name) || allowed.allows(name));
    }

    /**
     * Remembers the first document naming a type outside the allowed ones. The warning waits until the type is
     * refused after upcasting: an upcaster may rename an old type to an allowed one.
     */
    void check(StoredEvent event, String collection, Object documentId) {
        String typeName = event.payload().getType().getName();
        if (!allows(typeName) && !firstRefused.containsKey(typeName)) {
            if (documentId instanceof org.bson.BsonValue bson) {
                documentId = bson.isNumber() ? String.valueOf(bson.asNumber().longValue())
                        : bson.isString() ? bson.asString().getValue() : bson.toString();
            }
            firstRefused.putIfAbsent(typeName, "Document [" + documentId + "] in collection [" + collection + "]");
        }
    }

    /**
     * Warns once per type name that a type outside the allowed ones reached deserialization.
     */
    private void refused(String typeName) {
        if (warned.add(typeName)) {
            logger.warn("{} names payload type [{}], which is outside the allowed types; it reads as "
                                + "UnknownSerializedType and is never instantiated. {} Further documents naming it "
                                + "are not reported.",
                        firstRefused.getOrDefault(typeName, "A stored document"), typeName, hint);
        }
    }

    /**
     * @return {@code serializer} resolving only allowed type names; others deserialize as Axon's
     * {@code UnknownSerializedType} without their class being loaded or instantiated
     */
    public Serializer guard(Serializer serializer) {
        return new Guarded(serializer);
    }

    /**
     * @return whether {@code serializer}, guarded or not, writes JSON (Axon's {@code JacksonSerializer})
     */
    static boolean writesJson(Serializer serializer) {
        Serializer actual = serializer instanceof TypeGuard.Guarded guarded ? guarded.delegate : serializer;
        return actual instanceof org.axonframework.serialization.json.JacksonSerializer;
    }

    /** A stored type by value: its name and revision. */
    private record StoredType(String name, String revision) {
    }

    private final class Guarded implements Serializer {

        private final Serializer delegate;
        private final boolean json;
        /** Classes resolved, by stored type: every event asks two or three times, and a class lookup is not free. */
        private final Map<StoredType, Class<?>> classes = new ConcurrentHashMap<>();

        private Guarded(Serializer delegate) {
            this.delegate = delegate;
            this.json = delegate instanceof org.axonframework.serialization.json.JacksonSerializer;
        }

        @Override
        public <T> SerializedObject<T> serialize(Object object, Class<T> expectedRepresentation) {
            SerializedObject<T> serialized = delegate.serialize(object, expectedRepresentation);
            written.add(serialized.getType().getName());
            return serialized;
        }

        @Override
        public <T> boolean canSerializeTo(Class<T> expectedRepresentation) {
            return delegate.canSerializeTo(expectedRepresentation);
        }

        @Override
        @SuppressWarnings("unchecked")
        public <S, T> T deserialize(SerializedObject<S> serializedObject) {
            if (!allows(serializedObject.getType().getName())) {
                refused(serializedObject.getType().getName());
                return (T) new org.axonframework.serialization.UnknownSerializedType(this, serializedObject);
            }
            if (json) {
                // every processor and correlation provider reads metadata: strings need no JSON round trip
                org.axonframework.messaging.MetaData metaData = SerializedForm.stringMetaData(serializedObject);
                if (metaData != null) {
                    return (T) metaData;
                }
            }
            return delegate.deserialize(serializedObject);
        }

        @Override
        @SuppressWarnings("rawtypes")
        public Class classForType(SerializedType type) {
            if (allows(type.getName())) {
                // keyed by name and revision, whatever SerializedType implementation (and equality) the caller uses
                StoredType key = new StoredType(type.getName(), type.getRevision());
                Class<?> known = classes.get(key);
                if (known != null) {
                    return known;
                }
                Class<?> resolved = delegate.classForType(type);
                // a class found stays found; a type not found yet (an unknown type) is asked again next time
                if (resolved != org.axonframework.serialization.UnknownSerializedType.class) {
                    classes.put(key, resolved);
                }
                return resolved;
            }
            refused(type.getName());
            return org.axonframework.serialization.UnknownSerializedType.class;
        }

        @Override
        public SerializedType typeForClass(Class type) {
            return delegate.typeForClass(type);
        }

        @Override
        public org.axonframework.serialization.Converter getConverter() {
            return delegate.getConverter();
        }
    }
}
