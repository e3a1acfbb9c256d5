package dev.cairn.eventstore.mongo.internal;

import dev.cairn.eventstore.mongo.AllowedTypes;
import org.axonframework.serialization.SerializedType;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedType;
import org.axonframework.serialization.UnknownSerializedType;
import org.axonframework.serialization.json.JacksonSerializer;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The guarded serializer resolves a stored type's class once (every event asks for it two or three times); a type
 * it cannot resolve, and a type outside the allowed ones, are answered as before every time.
 */
class TypeGuardClassesTest {

    private static final SerializedType ALLOWED = new SimpleSerializedType("com.example.tgc.Present", null);

    private final AtomicInteger lookups = new AtomicInteger();
    private final Serializer guarded = new TypeGuard(AllowedTypes.cairnDefaults().withPackages(List.of(
            "com.example.tgc", "java.util"))).guard(counting(JacksonSerializer.defaultSerializer()));

    @Test
    void aResolvedClassIsLookedUpOnce() {
        // Given a stored type whose class exists
        SerializedType type = new SimpleSerializedType(java.util.ArrayList.class.getName(), null);

        // When the guarded serializer is asked for its class three times
        List<Class<?>> answers = List.of(guarded.classForType(type), guarded.classForType(type),
                                         guarded.classForType(new SimpleSerializedType(type.getName(), null)));

        // Then every answer is the class, and the serializer underneath was asked once
        assertThat(answers).containsOnly(java.util.ArrayList.class);
        assertThat(lookups).hasValue(1);
    }

    @Test
    void aTypeNotFoundIsAskedForAgainEachTime() {
        // Given an allowed type whose class does not exist in this process
        // When it is asked for twice
        Class<?> first = guarded.classForType(ALLOWED);
        Class<?> second = guarded.classForType(ALLOWED);

        // Then both answers are the unknown type, and nothing was remembered
        assertThat(first).isEqualTo(UnknownSerializedType.class);
        assertThat(second).isEqualTo(UnknownSerializedType.class);
        assertThat(lookups).hasValue(2);
    }

    @Test
    void aRevisionIsPartOfTheStoredType() {
        // Given one class name stored under two revisions
        SerializedType one = new SimpleSerializedType(java.util.ArrayList.class.getName(), "1");
        SerializedType two = new SimpleSerializedType(java.util.ArrayList.class.getName(), "2");

        // When both are asked for, twice each
        guarded.classForType(one);
        guarded.classForType(two);
        guarded.classForType(one);
        guarded.classForType(two);

        // Then each revision was looked up once
        assertThat(lookups).hasValue(2);
    }

    @Test
    void aStoredTypeIsKnownByItsNameAndRevisionWhateverItsImplementation() {
        // Given two instances of a SerializedType implementation without equality, naming the same type
        SerializedType first = typeWithoutEquality(java.util.ArrayList.class.getName());
        SerializedType second = typeWithoutEquality(java.util.ArrayList.class.getName());

        // When both are asked for
        guarded.classForType(first);
        guarded.classForType(second);

        // Then the class was looked up once (nothing piles up per instance)
        assertThat(lookups).hasValue(1);
    }

    private static SerializedType typeWithoutEquality(String name) {
        return new SerializedType() {
            @Override
            public String getName() {
                return name;
            }

            @Override
            public String getRevision() {
                return null;
            }
        };
    }

    @Test
    void aTypeOutsideTheAllowedOnesIsNeverLookedUp() {
        // Given a stored type outside the allowed packages
        SerializedType refused = new SimpleSerializedType(java.util.concurrent.Semaphore.class.getName().replace(
                "java.util.concurrent", "org.example.elsewhere"), null);

        // When it is asked for twice
        // Then it reads as the unknown type, without a lookup
        assertThat(guarded.classForType(refused)).isEqualTo(UnknownSerializedType.class);
        assertThat(guarded.classForType(refused)).isEqualTo(UnknownSerializedType.class);
        assertThat(lookups).hasValue(0);
    }

    private Serializer counting(Serializer delegate) {
        return (Serializer) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[]{Serializer.class},
                                                   (proxy, method, args) -> {
                                                       if (method.getName().equals("classForType")) {
                                                           lookups.incrementAndGet();
                                                       }
                                                       return method.invoke(delegate, args);
                                                   });
    }
}
