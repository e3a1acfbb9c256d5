package com.example.replica;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;

/**
 * Plays a server answer the embedded server cannot give (a missed write concern): a database whose {@code events}
 * collection runs every call on the real collection through the driver, with {@code call} around it.
 */
final class FaultyEvents {

    private FaultyEvents() {
    }

    /** What happens around one call on the events collection: run it with {@code method.invoke(target, args)}. */
    interface Call {
        Object invoke(Object target, Method method, Object[] args) throws Throwable;
    }

    /**
     * @return {@code database}, whose {@code events} collection (also as derived with other options) calls through
     * {@code call}
     */
    static MongoDatabase around(MongoDatabase database, Call call) {
        return proxy(MongoDatabase.class, database, (target, method, args) -> {
            Object result = method.invoke(target, args);
            if (result instanceof MongoDatabase wrapped) {
                return around(wrapped, call);
            }
            if (result instanceof MongoCollection<?> collection
                    && collection.getNamespace().getCollectionName().equals("events")) {
                return events(collection, call);
            }
            return result;
        });
    }

    private static MongoCollection<?> events(MongoCollection<?> collection, Call call) {
        return proxy(MongoCollection.class, collection, (target, method, args) -> {
            Object result = call.invoke(target, method, args);
            return result instanceof MongoCollection<?> wrapped ? events(wrapped, call) : result;
        });
    }

    @SuppressWarnings("unchecked")
    private static <T> T proxy(Class<?> type, Object target, Call call) {
        InvocationHandler handler = (proxy, method, args) -> {
            try {
                return call.invoke(target, method, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        };
        return (T) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[]{type}, handler);
    }
}
