package dev.hubbub.apphost.internal.bicep;

import org.jspecify.annotations.Nullable;

/** A top-level statement of a Bicep module. */
public sealed interface BicepStatement {

    /**
     * {@code @description('...') param name type = default}.
     *
     * @param name parameter name
     * @param type Bicep type, e.g. {@code string}
     * @param description description decorator, or null
     * @param defaultValue default value, or null
     */
    record Param(String name, String type, @Nullable String description, @Nullable BicepExpression defaultValue)
            implements BicepStatement {
    }

    /** {@code targetScope = 'subscription'}. @param scope the scope */
    record TargetScope(String scope) implements BicepStatement {
    }

    /**
     * {@code module id 'path' = { ... }}.
     *
     * @param identifier symbolic name
     * @param path the module file, relative to this one
     * @param body the body (name, scope, params)
     */
    record Module(String identifier, String path, BicepExpression.ObjectExpression body) implements BicepStatement {
    }

    /**
     * {@code resource id 'type@version' [existing] = { ... }}.
     *
     * @param identifier symbolic name
     * @param typeAndVersion e.g. {@code Microsoft.SignalRService/signalR@2024-03-01}
     * @param existing whether the resource already exists
     * @param body the body
     */
    record Resource(String identifier, String typeAndVersion, boolean existing, BicepExpression.ObjectExpression body)
            implements BicepStatement {
    }

    /**
     * {@code output name type = value}.
     *
     * @param name output name
     * @param type Bicep type
     * @param value the value
     */
    record Output(String name, String type, BicepExpression value) implements BicepStatement {
    }
}
