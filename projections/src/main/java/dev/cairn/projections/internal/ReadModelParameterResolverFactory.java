package dev.cairn.projections.internal;

import dev.cairn.projections.ReadModel;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.annotation.ParameterResolver;
import org.axonframework.messaging.annotation.ParameterResolverFactory;

import java.lang.reflect.Executable;
import java.lang.reflect.Parameter;
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
        for (Class<?> type = executable.getDeclaringClass(); type != null; type = type.getSuperclass()) {
            ReadModel readModel = readModels.get(type);
            if (readModel != null) {
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
        }
        return null;
    }
}
