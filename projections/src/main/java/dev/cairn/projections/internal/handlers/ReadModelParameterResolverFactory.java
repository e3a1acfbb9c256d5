package dev.cairn.projections.internal.handlers;

import dev.cairn.projections.ReadModel;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.annotation.ParameterResolver;
import org.axonframework.messaging.annotation.ParameterResolverFactory;

import java.lang.reflect.Executable;
import java.lang.reflect.Parameter;
import java.util.List;
import java.util.Map;

/**
 * Resolves a {@link ReadModel} parameter of a projection's event handler to that projection's read model, by the
 * handler's class.
 */
public final class ReadModelParameterResolverFactory implements ParameterResolverFactory {

    private final Map<Class<?>, ReadModel> readModels;

    public ReadModelParameterResolverFactory(Map<Class<?>, ReadModel> readModels) {
        this.readModels = Map.copyOf(readModels);
    }

    @Override
    public ParameterResolver<ReadModel> createInstance(Executable executable, Parameter[] parameters,
                                                       int parameterIndex) {
        if (parameters[parameterIndex].getType() != ReadModel.class) {
            return null;
        }
        ReadModel readModel = readModelFor(executable.getDeclaringClass());
        if (readModel == null) {
            return null;
        }
        return new ParameterResolver<>() {
            @Override
            public ReadModel resolveParameterValue(Message<?> message) {
                return readModel;
            }

            @Override
            public boolean matches(Message<?> message) {
                return true;
            }
        };
    }

    /**
     * @return the read model of the projection whose handler class declares or inherits the handler method
     * @throws IllegalStateException when projections of several classes inherit it
     */
    private ReadModel readModelFor(Class<?> declaringClass) {
        ReadModel exact = readModels.get(declaringClass);
        if (exact != null) {
            return exact;
        }
        List<ReadModel> inheriting = readModels.entrySet().stream()
                                               .filter(entry -> declaringClass.isAssignableFrom(entry.getKey()))
                                               .map(Map.Entry::getValue).toList();
        if (inheriting.size() > 1) {
            throw new IllegalStateException("Projections " + inheriting.stream().map(ReadModel::projection).toList()
                                                    + " inherit handlers of " + declaringClass.getName()
                                                    + ": their ReadModel parameter is ambiguous");
        }
        return inheriting.isEmpty() ? null : inheriting.get(0);
    }
}
