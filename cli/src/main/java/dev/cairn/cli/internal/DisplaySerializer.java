package dev.cairn.cli.internal;

import dev.cairn.eventstore.mongo.CairnSerializers;
import org.axonframework.serialization.Converter;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.SerializedType;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.UnknownSerializedType;

/**
 * The serializer of the command line's own reads of stored messages (dead letters), which only display them: Axon's
 * own types (tracking tokens, meta data) are read as usual; every other type, an application's payloads, stays
 * serialized as an {@link UnknownSerializedType} that knows its stored name. No application class is loaded or
 * instantiated, so a storage-only command works on any application's database, whatever its allowed types, and has
 * nothing to warn about.
 */
final class DisplaySerializer implements Serializer {

    private static final String AXON = "org.axonframework.";

    private final Serializer delegate = CairnSerializers.defaultSerializer();

    /**
     * @return the stored type name of {@code payload}'s message: the name {@link UnknownSerializedType} kept, or the
     * class name of a payload that was read (an Axon type)
     */
    static String storedName(Object payload) {
        return payload instanceof UnknownSerializedType unknown ? unknown.serializedType().getName()
                : payload == null ? null : payload.getClass().getName();
    }

    /** @return the last part of a stored type name, after its package and enclosing classes */
    static String shortName(String typeName) {
        return typeName == null ? "-" : typeName.substring(Math.max(typeName.lastIndexOf('.'),
                                                                    typeName.lastIndexOf('$')) + 1);
    }

    @Override
    public <T> SerializedObject<T> serialize(Object object, Class<T> expectedRepresentation) {
        return delegate.serialize(object, expectedRepresentation);
    }

    @Override
    public <T> boolean canSerializeTo(Class<T> expectedRepresentation) {
        return delegate.canSerializeTo(expectedRepresentation);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <S, T> T deserialize(SerializedObject<S> serializedObject) {
        return read(serializedObject.getType()) ? delegate.deserialize(serializedObject)
                : (T) new UnknownSerializedType(this, serializedObject);
    }

    @Override
    @SuppressWarnings("rawtypes")
    public Class classForType(SerializedType type) {
        return read(type) ? delegate.classForType(type) : UnknownSerializedType.class;
    }

    @Override
    @SuppressWarnings("rawtypes")
    public SerializedType typeForClass(Class type) {
        return delegate.typeForClass(type);
    }

    @Override
    public Converter getConverter() {
        return delegate.getConverter();
    }

    private static boolean read(SerializedType type) {
        return type.getName().startsWith(AXON);
    }
}
